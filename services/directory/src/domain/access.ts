import { ADMINISTRATION_ROLES, DIRECTORY_PERMISSIONS } from '@webitr/contracts';
import type { DirectoryPermission, RoleName, ScopedRole } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
import type { Actor } from './actor.ts';

/**
 * Who may do what: the table is in contracts (forms/directory.ts,
 * DIRECTORY_PERMISSIONS), so the web app's 管理 menu follows the same rules
 * this service enforces. Every permission is scoped to an agency: an agency
 * administrator or attendance manager acts only inside the agency the role is
 * held in; a system administrator everywhere; employees nowhere.
 */
export type Permission = DirectoryPermission;
const ALLOWED = DIRECTORY_PERMISSIONS;
export { ADMINISTRATION_ROLES };

export const isSystemAdmin = (actor: Actor): boolean =>
  actor.kind === 'system' || (actor.kind === 'person' && actor.roles.some((r) => r.role === 'system-admin'));

export function may(actor: Actor, permission: Permission, agencyId: string): boolean {
  if (isSystemAdmin(actor)) return true;
  if (actor.kind !== 'person') return false;
  return actor.roles.some((r) => ALLOWED[permission].includes(r.role) && r.agencyId === agencyId);
}

/** Throw 403 unless the actor may; the code says whether the agency or the role was wrong. */
export function authorize(actor: Actor, permission: Permission, agencyId: string): void {
  if (may(actor, permission, agencyId)) return;
  const roleElsewhere = actor.kind === 'person' && actor.roles.some((r) => ALLOWED[permission].includes(r.role));
  if (roleElsewhere) {
    throw new ForbiddenError({ code: 'OUTSIDE_AGENCY', detail: '機關管理員只能管理本機關的人員與設定' });
  }
  throw new ForbiddenError({
    code: 'ROLE_REQUIRED',
    detail: permission === 'manage-agencies' ? '此作業限系統管理者執行' : '您的角色無法執行此項作業',
  });
}

/** The agencies whose people the actor may see (undefined: every agency). */
export function visibleAgencies(actor: Actor): string[] | undefined {
  if (isSystemAdmin(actor)) return undefined;
  if (actor.kind !== 'person') return [];
  return [...new Set(actor.roles.filter((r) => ALLOWED['view-people'].includes(r.role)).map((r) => r.agencyId))];
}

/** Roles whose holders only an agency administrator (or a system administrator) may change. */
const ADMINISTRATOR_ROLES: readonly RoleName[] = ['agency-admin', 'system-admin'];

/**
 * Changing a person (their data, status, agency): `manage-people` in their
 * agency, and, for a person who holds an administration role, the agency
 * administrator's role (or a system administrator's). An attendance manager
 * keeps 基本資料 up to date, but must not reach an administrator's account
 * (its e-mail or portal identity would let them sign in as that administrator).
 */
export function authorizePersonChange(actor: Actor, person: { agencyId: string; roles?: readonly Pick<ScopedRole, 'role'>[] }): void {
  authorize(actor, 'manage-people', person.agencyId);
  if (!(person.roles ?? []).some((r) => ADMINISTRATOR_ROLES.includes(r.role))) return;
  if (
    isSystemAdmin(actor) ||
    (actor.kind === 'person' && actor.roles.some((r) => r.role === 'agency-admin' && r.agencyId === person.agencyId))
  )
    return;
  throw new ForbiddenError({ code: 'ROLE_REQUIRED', detail: '此人員具管理角色，其資料僅機關管理員可以變更' });
}
