import { isLeavePermission, leaveRolesAllow, rolesAllow } from '@webitr/contracts';
import type { DirectoryPermission, LeavePermission } from '@webitr/contracts';
import { ForbiddenError, NotFoundError, hasRole } from '@webitr/platform';
import { conflict } from '../../domain/errors.ts';
import type { PersonProfile } from '../../domain/people.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { ABSENCE_KINDS } from './forms.ts';

/** Who may do what: the applicant side of a form, its readers, filers for others, attendance managers. */
export const isManagerOf = (actor: Actor, agencyId: string): boolean => hasRole(actor, 'attendance-manager', agencyId);

/**
 * Whether the actor's roles allow a permission the leave service enforces in an agency: the leave
 * administration's (LEAVE_PERMISSIONS), or 制度管理's and the reports' rows of the directory's table.
 */
export const mayIn = (
  actor: Actor,
  permission: LeavePermission | Extract<DirectoryPermission, 'manage-calendar' | 'manage-leave-policy' | 'view-leave-reports'>,
  agencyId: string,
): boolean =>
  isLeavePermission(permission) ? leaveRolesAllow(actor.roles, permission, agencyId) : rolesAllow(actor.roles, permission, agencyId);

/** A person's own balances and leave types: the person, or an attendance manager of their agency. */
export function assertSelfOrManager(actor: Actor, person: PersonProfile): void {
  if (person.id !== actor.sub && !isManagerOf(actor, person.agencyId))
    throw new ForbiddenError({ code: 'NOT_OWN_BALANCE', detail: '僅本人或差勤管理者可查詢' });
}

/** The applicant, someone who filed for them, their deputy, or an attendance manager of the agency may see a form. */
export function assertCanSee(actor: Actor, form: FormDoc): void {
  if (
    form.applicantId === actor.sub ||
    form.filedBy === actor.sub ||
    form.deputy?.personId === actor.sub ||
    form.deputy?.transferredFrom?.personId === actor.sub
  )
    return;
  if (isManagerOf(actor, form.agencyId)) return;
  throw new NotFoundError({ code: 'FORM_NOT_FOUND', detail: `查無表單 ${form._id}` });
}

/**
 * Reading a form and its attachments: those who may see it (assertCanSee),
 * everyone on its approval route, and whoever stands in for one of them now
 * (代理批核: the consented deputy of their approved leave or comp time
 * covering this moment, as the approval service delegates). To anyone else it
 * does not exist (404, as for a form that does not).
 */
export async function assertCanRead(ctx: LeaveContext, actor: Actor, form: FormDoc): Promise<void> {
  const onRoute = form.routePersonIds ?? [];
  if (onRoute.includes(actor.sub)) return;
  try {
    assertCanSee(actor, form);
    return;
  } catch (error) {
    if (!(error instanceof NotFoundError) || onRoute.length === 0) throw error;
  }
  const now = ctx.clock();
  const standsIn = await ctx.models.forms.exists({
    applicantId: { $in: onRoute },
    kind: { $in: [...ABSENCE_KINDS] },
    status: { $in: ['approved', 'cancel-requested'] },
    start: { $lte: now },
    end: { $gt: now },
    // A transfer not yet answered leaves the duty with the deputy who handed it on.
    $or: [
      { 'deputy.personId': actor.sub, 'deputy.status': 'consented' },
      { 'deputy.transferredFrom.personId': actor.sub, 'deputy.status': 'pending' },
    ],
  });
  if (!standsIn) throw new NotFoundError({ code: 'FORM_NOT_FOUND', detail: `查無表單 ${form._id}` });
}

/** The applicant, or whoever filed it for them, acts on a form. */
export function assertApplicant(actor: Actor, form: FormDoc): void {
  if (form.applicantId === actor.sub || form.filedBy === actor.sub) return;
  if (isManagerOf(actor, form.agencyId)) return;
  throw new ForbiddenError({ code: 'NOT_APPLICANT', detail: '僅申請人可執行此項作業' });
}

/** Filing for someone else (多人/代為申請): attendance managers of their agency, or people the personnel office named as filers. */
export async function assertCanFileFor(ctx: LeaveContext, actor: Actor, applicant: PersonProfile): Promise<void> {
  if (applicant.id === actor.sub) return;
  if (isManagerOf(actor, applicant.agencyId)) return;
  const profile = await ctx.models.people.findById(applicant.id, { filers: 1 }).lean();
  if (profile?.filers?.includes(actor.sub)) return;
  // Someone of another agency is not named: the refusal must not tell who an id belongs to.
  const whom = applicant.agencyId === actor.agencyId ? applicant.name : '此人員';
  throw new ForbiddenError({ code: 'NOT_AUTHORISED_TO_FILE', detail: `您未被授權代${whom}申請` });
}

/** The person must be able to file leave at all; `field` is where the command names the applicant. */
export function assertFiles(person: PersonProfile, field = 'body.applicantId'): void {
  if (!person.ruleSet)
    throw conflict(
      'PERSON_DOES_NOT_FILE',
      field,
      '申請人',
      `${person.name}(${person.jobCategory ?? ''})不需於系統請假 (代課教師請假請洽教務處)`,
    );
  if (person.status !== 'active') throw conflict('PERSON_NOT_ACTIVE', field, '申請人', `${person.name}目前非在職狀態`);
}
