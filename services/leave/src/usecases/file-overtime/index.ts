import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { outboxOnCreate } from '@webitr/platform';
import { dateTimeField, taipeiLocal } from '@webitr/work-calendar';
import { conflict, invalid } from '../../domain/errors.ts';
import { ACTIVE_STATUSES, assertCan } from '../../domain/form.ts';
import { evaluateOvertime } from '../../domain/overtime.ts';
import type { OvertimeEvaluation, OvertimeUsage } from '../../domain/overtime.ts';
import type { PersonProfile } from '../../domain/people.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import * as publish from '../../messaging/publishers.ts';
import type { FormDoc } from '../../models/form.ts';
import { APPLICANTS_FIELD, fileForApplicants, loadApplicant } from '../shared/applicants.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { applicantFields, assertApplicant, assertCanFileFor, assertFiles, formatInterval, loadForm, updateForm } from '../shared/forms.ts';
import { withPersonLock } from '../shared/person-lock.ts';
import { loadPolicy } from '../shared/policies.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 加班申請: applied for beforehand; compensated as comp time (補休) or pay (加班費). */
export const overtimeCommand = z
  .object({
    start: dateTimeField('加班起時'),
    end: dateTimeField('加班迄時'),
    reason: z.string().trim().min(1, '事由不得空白').max(200, '事由上限200個字').meta({ title: '事由' }),
    compensation: z.enum(['comp-time', 'pay']).default('comp-time').meta({ title: '補償方式' }),
    /** 多人: file the same overtime for several people (attendance managers, authorised filers). Default: the actor. */
    applicantIds: z.array(z.string().trim().min(1).max(64)).min(1).max(50).optional().meta({ title: '申請人' }),
  })
  .meta({ id: 'OvertimeCommand' });
export type OvertimeCommand = z.infer<typeof overtimeCommand>;

const monthStart = (date: string) => new Date(`${date.slice(0, 7)}-01T00:00:00+08:00`);
const nextMonthStart = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1) - 8 * 3_600_000);
};

/** The person's pending or approved overtime in the months the new one touches. */
async function usageOf(ctx: LeaveContext, personId: string, start: Date, end: Date, excludeFormId?: string): Promise<{ usage: OvertimeUsage; forms: FormDoc[] }> {
  const from = monthStart(taipeiLocal(start).date);
  const to = nextMonthStart(taipeiLocal(end).date);
  const forms = (
    await ctx.models.forms.find({ applicantId: personId, status: { $in: [...ACTIVE_STATUSES] }, start: { $lt: to }, end: { $gt: from } }).lean<FormDoc[]>()
  ).filter((f) => f.kind === 'overtime' && f._id !== excludeFormId);
  const usage: OvertimeUsage = { byDate: {}, byMonth: {} };
  for (const f of forms) {
    for (const d of f.days) {
      usage.byDate[d.date] = (usage.byDate[d.date] ?? 0) + d.minutes;
      usage.byMonth[d.date.slice(0, 7)] = (usage.byMonth[d.date.slice(0, 7)] ?? 0) + d.minutes;
    }
  }
  return { usage, forms };
}

interface Prepared {
  person: PersonProfile;
  policy: AgencyPolicy;
  /** How messages name the applicant: 您 to the applicant, their name to whoever files for them. */
  who: string;
}

/** The person, whether the actor may file for them, and their agency's caps. */
async function prepare(ctx: LeaveContext, actor: Actor, applicantId: string): Promise<Prepared> {
  const person = await loadApplicant(ctx, applicantId);
  assertFiles(person, APPLICANTS_FIELD);
  await assertCanFileFor(ctx, actor, person);
  return { person, policy: await loadPolicy(ctx, person.agencyId), who: person.id === actor.sub ? '您' : person.name };
}

/** Prior application, the daily and monthly caps, and no overlap with the person's other overtime. */
async function check(ctx: LeaveContext, command: OvertimeCommand, { person, policy, who }: Prepared, excludeFormId?: string): Promise<OvertimeEvaluation> {
  const { usage, forms } = await usageOf(ctx, person.id, command.start, command.end, excludeFormId);
  const evaluation = evaluateOvertime(command, policy.settings.overtime, usage, ctx.clock());
  const clash = forms.find((f) => f.start < command.end && f.end > command.start);
  if (clash) throw conflict('OVERLAP', 'body.start', '加班起時', `與${who}${formatInterval(clash.start, clash.end)}的加班申請重疊`);
  return evaluation;
}

/** Under the applicant's lock: check again, then the form (new, or the modified one) with its events in one write. */
async function file(ctx: LeaveContext, actor: Actor, command: OvertimeCommand, prepared: Prepared, existing?: FormDoc): Promise<FormDoc> {
  const { person, policy } = prepared;
  return withPersonLock(ctx.redis, person.id, async () => {
    if (existing) existing = await loadForm(ctx, existing._id);
    const evaluation = await check(ctx, command, prepared, existing?._id);
    const now = ctx.clock();
    const fields = {
      kind: 'overtime' as const,
      ...applicantFields(person, actor),
      status: 'in-approval' as const,
      policyVersion: policy.version,
      start: command.start,
      end: command.end,
      minutes: evaluation.minutes,
      duration: evaluation.duration,
      days: evaluation.days,
      charges: [],
      reason: command.reason,
      remarks: [],
      attachments: [],
      overtime: { compensation: command.compensation },
    };
    if (existing) {
      const next = { ...existing, ...fields, submission: existing.submission + 1 } as FormDoc;
      return updateForm(ctx, existing, { $set: { ...fields, submission: next.submission } }, { action: 'modify', actorId: actor.sub }, [publish.modified(next), publish.approvalRequested(next)]);
    }
    const form = { _id: randomUUID(), ...fields, submission: 1, history: [{ at: now, action: 'submit', actorId: actor.sub }], version: 1, createdAt: now, updatedAt: now } as FormDoc;
    await ctx.models.forms.create({ ...form, ...outboxOnCreate([publish.submitted(form), publish.approvalRequested(form)]) });
    ctx.kick();
    return form;
  });
}

/**
 * 加班申請 for the actor, or for several people at once (多人, e.g. a school
 * event): every applicant is checked (prior application, caps, overlap) and
 * nothing is stored for anyone unless all pass; one form per applicant.
 */
export async function submitOvertime(ctx: LeaveContext, actor: Actor, command: OvertimeCommand): Promise<FormView[]> {
  const forms = await fileForApplicants(ctx, actor, command.applicantIds, {
    prepare: async (applicantId) => {
      const prepared = await prepare(ctx, actor, applicantId);
      await check(ctx, command, prepared);
      return prepared;
    },
    file: (prepared) => file(ctx, actor, command, prepared),
  });
  return forms.map(formView);
}

/** 修改: a returned or pending overtime form of its applicant, checked again in full (applicantIds, if given, are ignored). */
export async function modifyOvertime(ctx: LeaveContext, actor: Actor, formId: string, command: OvertimeCommand): Promise<FormView> {
  const existing = await loadForm(ctx, formId);
  assertApplicant(actor, existing);
  assertCan('modify', existing.status);
  if (existing.kind !== 'overtime') throw invalid('FORM_KIND', 'params.formId', '表單', '此表單不是加班申請');
  const prepared = await prepare(ctx, actor, existing.applicantId);
  return formView(await file(ctx, actor, command, prepared, existing));
}
