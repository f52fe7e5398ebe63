import type { EventEnvelope } from '@webitr/contracts';
import { ForbiddenError, NotFoundError, hasRole, withOutbox } from '@webitr/platform';
import type { UpdateQuery } from 'mongoose';
import { formatRocDate, taipeiLocal } from '@webitr/work-calendar';
import { conflict } from '../../domain/errors.ts';
import { ACTIVE_STATUSES, STATUS_LABEL } from '../../domain/form.ts';
import type { FormStatus } from '../../domain/form.ts';
import type { PersonProfile } from '../../domain/people.ts';
import type { FormDoc, HistoryEntry } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';

export async function loadForm(ctx: LeaveContext, formId: string): Promise<FormDoc> {
  const form = await ctx.models.forms.findById(formId).lean<FormDoc>();
  if (!form) throw new NotFoundError({ code: 'FORM_NOT_FOUND', detail: `查無表單 ${formId}` });
  return form;
}

/**
 * Change a form in one conditional write: only if it is still at the version
 * (and status) it was read at; its events go in the same write.
 */
export async function updateForm(
  ctx: LeaveContext,
  form: FormDoc,
  update: { $set?: Partial<FormDoc> & Record<string, unknown>; $unset?: Record<string, ''> },
  history: Omit<HistoryEntry, 'at'>,
  events: readonly EventEnvelope[],
): Promise<FormDoc> {
  const now = ctx.clock();
  const set = { ...update.$set, updatedAt: now };
  const query: UpdateQuery<FormDoc> = withOutbox<FormDoc>({ $set: set, $inc: { version: 1 }, $push: { history: { ...history, at: now } }, ...(update.$unset ? { $unset: update.$unset } : {}) }, events);
  const result = await ctx.models.forms.updateOne({ _id: form._id, version: form.version, status: form.status }, query);
  if (result.modifiedCount !== 1) throw conflict('FORM_CHANGED', 'version', '表單', '表單已被其他作業變更，請重新整理後再試');
  ctx.kick();
  return { ...form, ...set, version: form.version + 1, history: [...form.history, { ...history, at: now }] } as FormDoc;
}

/** Kinds that take the person away from work and so cannot overlap each other (a declaration does not). */
export const ABSENCE_KINDS = ['leave', 'comp-time'] as const;

/**
 * The person's own pending or approved absences overlapping [start, end).
 * Query shape: { applicantId, status: { $in }, start: { $lt: end }, end: { $gt: start } }
 * on the index { applicantId, status, start }.
 */
export async function overlappingAbsences(ctx: LeaveContext, personId: string, start: Date, end: Date, excludeFormId?: string): Promise<FormDoc[]> {
  const forms = await ctx.models.forms
    .find({ applicantId: personId, status: { $in: [...ACTIVE_STATUSES] }, start: { $lt: end }, end: { $gt: start } })
    .sort({ start: 1 })
    .lean<FormDoc[]>();
  return forms.filter((f) => f._id !== excludeFormId && (ABSENCE_KINDS as readonly string[]).includes(f.kind) && f.leaveType !== 'abroad');
}

export function assertNoOverlap(overlaps: readonly FormDoc[]): void {
  const first = overlaps[0];
  if (first) {
    throw conflict('OVERLAP', 'body.start', '請假區間', `與您${formatInterval(first.start, first.end)}的${first.leaveTypeName ?? '差假'}申請 (${STATUS_LABEL[first.status]}) 重疊`);
  }
}

export function formatInterval(start: Date, end: Date): string {
  const a = taipeiLocal(start);
  const b = taipeiLocal(end);
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${formatRocDate(a.date)} ${hm(a.minutes)} ~ ${a.date === b.date ? '' : `${formatRocDate(b.date)} `}${hm(b.minutes)}`;
}

/** Who a form is for, and who filed it when that is someone else (多人/代為申請): the same on every kind of form. */
export function applicantFields(person: PersonProfile, actor: Actor) {
  return {
    applicantId: person.id,
    applicantName: person.name,
    agencyId: person.agencyId,
    ...(person.unitId ? { unitId: person.unitId } : {}),
    ...(person.unitName ? { unitName: person.unitName } : {}),
    ...(actor.sub !== person.id ? { filedBy: actor.sub } : {}),
  };
}

export const isManagerOf = (actor: Actor, agencyId: string): boolean => hasRole(actor, 'attendance-manager', agencyId);

/** The applicant, someone who filed for them, their deputy, or an attendance manager of the agency may see a form. */
export function assertCanSee(actor: Actor, form: FormDoc): void {
  if (form.applicantId === actor.sub || form.filedBy === actor.sub || form.deputy?.personId === actor.sub || form.deputy?.transferredFrom?.personId === actor.sub) return;
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
  if (!person.ruleSet) throw conflict('PERSON_DOES_NOT_FILE', field, '申請人', `${person.name}(${person.jobCategory ?? ''})不需於系統請假 (代課教師請假請洽教務處)`);
  if (person.status !== 'active') throw conflict('PERSON_NOT_ACTIVE', field, '申請人', `${person.name}目前非在職狀態`);
}

export type { FormStatus };
