import type { RoleName } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
import type { Actor } from './actor.ts';

/**
 * Who may do what, in one table. Every permission is scoped to an agency: an
 * agency administrator or attendance manager acts only inside the agency the
 * role is held in; a system administrator everywhere; employees nowhere.
 */
export type Permission =
  | 'view-people'
  | 'view-national-id'
  | 'export-people'
  | 'manage-people'
  | 'import-people'
  | 'manage-apps'
  | 'manage-roles'
  | 'manage-units'
  | 'manage-agency-settings'
  | 'manage-agencies'
  | 'view-change-log';

const ALLOWED: Record<Permission, readonly RoleName[]> = {
  // 人事 (the attendance manager) reads the people of the agency and may see full numbers, audited.
  'view-people': ['agency-admin', 'attendance-manager'],
  'view-national-id': ['agency-admin', 'attendance-manager'],
  'export-people': ['agency-admin', 'attendance-manager'],
  // 機關管理員 changes them.
  'manage-people': ['agency-admin'],
  'import-people': ['agency-admin'],
  'manage-apps': ['agency-admin'],
  'manage-roles': ['agency-admin'],
  'manage-units': ['agency-admin'],
  // 機關預設可用系統 and 機關首長.
  'manage-agency-settings': ['agency-admin'],
  'view-change-log': ['agency-admin'],
  // Creating agencies and moving them in the hierarchy: system administrators only.
  'manage-agencies': [],
};

/** Roles that open the administration API at all; anyone else is refused at its door. */
export const ADMINISTRATION_ROLES: readonly RoleName[] = ['agency-admin', 'attendance-manager', 'system-admin'];

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
