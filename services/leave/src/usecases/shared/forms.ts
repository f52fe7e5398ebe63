import type { EventEnvelope, FormKind } from '@webitr/contracts';
import { isDuplicateKeyError, NotFoundError, outboxOnCreate, writeWithVersion } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import type { UpdateQuery } from 'mongoose';
import { addDays, taipeiInstant } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { conflict } from '../../domain/errors.ts';
import { ACTIVE_STATUSES, STATUS_LABEL } from '../../domain/form.ts';
import * as publish from '../../messaging/publishers.ts';
import type { PersonProfile } from '../../domain/people.ts';
import type { AbsenceEntry, AbsenceIndexDoc } from '../../models/absence-index.ts';
import type { FormDoc, HistoryEntry } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { balanceSnapshot } from './balances.ts';
import { ifPersonLockFree } from './person-lock.ts';
import { formatInterval } from './views.ts';

/**
 * The forms repository: every form is read and written here. A write is one
 * single-document write carrying its events (outbox), after which the relay
 * is kicked; a change is conditional on the version (and status) the form was
 * read at.
 */
export async function loadForm(ctx: LeaveContext, formId: string): Promise<FormDoc> {
  const form = await ctx.models.forms.findById(formId).lean<FormDoc>();
  if (!form) throw new NotFoundError({ code: 'FORM_NOT_FOUND', detail: `查無表單 ${formId}` });
  return form;
}

/** A new form and the events of its creation. */
export interface FormCreation {
  create: FormDoc;
  events: readonly EventEnvelope[];
}

/** A change to a form as it was read (`from`): fields set and cleared, the history entry, the events. */
export interface FormChange {
  from: FormDoc;
  set: Partial<FormDoc> & Record<string, unknown>;
  unset?: Record<string, ''>;
  history: Omit<HistoryEntry, 'at'>;
  events: readonly EventEnvelope[];
}

/**
 * Store a form: created, or changed only if it is still at the version and
 * status it was read at (else 409 FORM_CHANGED); either way with its events
 * in the same write, then the relay is told. Answers the form as stored.
 */
export async function writeForm(ctx: LeaveContext, write: FormCreation | FormChange): Promise<FormDoc> {
  if ('create' in write) {
    await ctx.models.forms.create({ ...write.create, ...outboxOnCreate(write.events) });
    ctx.kick();
    return write.create;
  }
  const { from: form, history, events } = write;
  const now = ctx.clock();
  const set = { ...write.set, updatedAt: now };
  const update: UpdateQuery<FormDoc> = {
    $set: set,
    $push: { history: { ...history, at: now } },
    ...(write.unset ? { $unset: write.unset } : {}),
  };
  const written = await writeWithVersion(ctx.models.forms, form, update, { events, where: { status: form.status } });
  if (!written) throw conflict('FORM_CHANGED', 'version', '表單', '表單已被其他作業變更，請重新整理後再試');
  ctx.kick();
  return { ...form, ...set, version: form.version + 1, history: [...form.history, { ...history, at: now }] } as FormDoc;
}

/** The fields a filing decides: everything of a form but its id, round, history and bookkeeping. */
export type FiledFields = Omit<FormDoc, '_id' | 'submission' | 'history' | 'version' | 'createdAt' | 'updatedAt' | keyof OutboxFields>;

/**
 * A filing written (leave, overtime, forgotten punch alike): a new form is
 * submitted; a modified one starts a new submission round, clearing the
 * optional fields the new filing no longer has (`clear`). Either goes to
 * approval at once (approval-requested, with the balance after it) unless
 * it waits for a deputy.
 */
export async function fileForm(
  ctx: LeaveContext,
  actor: Actor,
  fields: FiledFields,
  options: { id: string; existing?: FormDoc; clear?: readonly (keyof FormDoc)[] },
): Promise<FormDoc> {
  const { id, existing, clear = [] } = options;
  const toApproval = async (form: FormDoc) =>
    form.status === 'in-approval' ? [publish.approvalRequested(form, await balanceSnapshot(ctx, form))] : [];
  if (existing) {
    const submission = existing.submission + 1;
    const next = { ...existing, ...fields, submission } as FormDoc;
    const events = [publish.modified(next), ...(await toApproval(next))];
    const unset: Record<string, ''> = {};
    for (const k of clear) if (!(k in fields)) unset[k] = '';
    return writeForm(ctx, {
      from: existing,
      set: { ...fields, submission },
      ...(clear.length ? { unset } : {}),
      history: { action: 'modify', actorId: actor.sub },
      events,
    });
  }
  const now = ctx.clock();
  const form = {
    _id: id,
    ...fields,
    submission: 1,
    history: [{ at: now, action: 'submit', actorId: actor.sub }],
    version: 1,
    createdAt: now,
    updatedAt: now,
  } as FormDoc;
  return writeForm(ctx, { create: form, events: [publish.submitted(form), ...(await toApproval(form))] });
}

/** An interval of Taipei dates, both included, or of instants [start, end). */
export type FormInterval = { from: IsoDate; to: IsoDate } | { start: Date; end: Date };

/** Whose forms: one applicant's, an agency's, or everyone's; of some kinds only. */
export interface FormScope {
  applicantId?: string;
  agencyId?: string;
  kinds?: readonly FormKind[];
  /** A form left out (the one being modified). */
  except?: string;
}

/**
 * The pending or approved forms (ACTIVE_STATUSES) overlapping an interval,
 * earliest first. Query shape: { applicantId | agencyId, kind: { $in }, status: { $in }, start: { $lt: end }, end: { $gt: start } }
 * on the index { applicantId, status, start }.
 */
export async function activeFormsOf(ctx: LeaveContext, scope: FormScope, interval: FormInterval): Promise<FormDoc[]> {
  const [start, end] =
    'from' in interval
      ? [taipeiInstant(interval.from, '00:00'), taipeiInstant(addDays(interval.to, 1), '00:00')]
      : [interval.start, interval.end];
  const forms = await ctx.models.forms
    .find({
      ...(scope.applicantId ? { applicantId: scope.applicantId } : {}),
      ...(scope.agencyId ? { agencyId: scope.agencyId } : {}),
      ...(scope.kinds ? { kind: { $in: [...scope.kinds] } } : {}),
      status: { $in: [...ACTIVE_STATUSES] },
      start: { $lt: end },
      end: { $gt: start },
    })
    .sort({ start: 1 })
    .lean<FormDoc[]>();
  return scope.except ? forms.filter((f) => f._id !== scope.except) : forms;
}

/** Kinds that take the person away from work and so cannot overlap each other (a declaration does not). */
export const ABSENCE_KINDS = ['leave', 'comp-time'] as const;

/**
 * The person's own pending or approved absences overlapping [start, end),
 * declarations (出國) aside, earliest first. Read through the person's absence
 * index (models/absence-index.ts): one `_id` read names the candidates, each
 * read by `_id` and checked as it stands. A person not yet indexed is indexed
 * now if their lock is free (one read of their forms), else their forms are
 * looked up by query as before.
 */
export async function overlappingAbsences(
  ctx: LeaveContext,
  personId: string,
  start: Date,
  end: Date,
  excludeFormId?: string,
): Promise<FormDoc[]> {
  const index = await ctx.models.absences.findById(personId).lean<AbsenceIndexDoc>();
  let forms: FormDoc[];
  if (index) {
    const candidates = new Set(index.entries.filter((e) => e.start < end && e.end > start).map((e) => e.formId));
    if (excludeFormId) candidates.delete(excludeFormId);
    const found = await Promise.all([...candidates].map((id) => ctx.models.forms.findById(id).lean<FormDoc>()));
    forms = found.filter((f): f is FormDoc => f !== null && isActiveAbsence(f) && f.start < end && f.end > start);
  } else {
    const all = await ifPersonLockFree(ctx.redis, personId, () => indexAbsences(ctx, personId));
    forms = all
      ? all.filter((f) => f._id !== excludeFormId && isActiveAbsence(f) && f.start < end && f.end > start)
      : await activeFormsOf(
          ctx,
          { applicantId: personId, kinds: ABSENCE_KINDS, ...(excludeFormId ? { except: excludeFormId } : {}) },
          { start, end },
        );
  }
  return forms.filter((f) => f.leaveType !== 'abroad').sort((a, b) => a.start.getTime() - b.start.getTime());
}

const isActiveAbsence = (form: FormDoc) =>
  (ABSENCE_KINDS as readonly string[]).includes(form.kind) && ACTIVE_STATUSES.includes(form.status);

/**
 * Note, under the person's lock and before the form is written, that one of
 * their absence forms is filed for [start, end) — indexing the person first if
 * they are not yet. If the write then fails, the entry stays, harmlessly.
 */
export async function noteAbsence(ctx: LeaveContext, personId: string, formId: string, start: Date, end: Date): Promise<void> {
  const entry: AbsenceEntry = { formId, start, end };
  const { matchedCount } = await ctx.models.absences.updateOne({ _id: personId }, { $push: { entries: entry } });
  if (matchedCount === 0) await indexAbsences(ctx, personId, entry);
}

/**
 * Index a person from their forms (under their lock, so no absence form of
 * theirs is being filed meanwhile); answers those forms. Two processes indexing
 * at once (a deputy check here, their filing there) end with one index.
 */
async function indexAbsences(ctx: LeaveContext, personId: string, also?: AbsenceEntry): Promise<FormDoc[]> {
  const forms = await ctx.models.forms.find({ applicantId: personId, kind: { $in: [...ABSENCE_KINDS] } }).lean<FormDoc[]>();
  const entries = [...forms.map((f) => ({ formId: f._id, start: f.start, end: f.end })), ...(also ? [also] : [])];
  try {
    await ctx.models.absences.create({ _id: personId, entries, createdAt: ctx.clock() });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    if (also) await ctx.models.absences.updateOne({ _id: personId }, { $push: { entries: also } });
  }
  return forms;
}

export function assertNoOverlap(overlaps: readonly FormDoc[]): void {
  const first = overlaps[0];
  if (first) {
    throw conflict(
      'OVERLAP',
      'body.start',
      '請假區間',
      `與您${formatInterval(first.start, first.end)}的${first.leaveTypeName ?? '差假'}申請 (${STATUS_LABEL[first.status]}) 重疊`,
    );
  }
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
