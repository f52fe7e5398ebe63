import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { outboxOnCreate } from '@webitr/platform';
import { dateTimeInput, taipeiLocal } from '@webitr/work-calendar';
import { conflict, invalid } from '../../domain/errors.ts';
import { ACTIVE_STATUSES, assertCan } from '../../domain/form.ts';
import { evaluateOvertime } from '../../domain/overtime.ts';
import type { OvertimeUsage } from '../../domain/overtime.ts';
import * as publish from '../../messaging/publishers.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../shared/context.ts';
import { assertApplicant, assertCanFileFor, assertFiles, formatInterval, loadForm, updateForm } from '../shared/forms.ts';
import { withPersonLock } from '../shared/person-lock.ts';
import { loadPolicy } from '../shared/policies.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 加班申請: applied for beforehand; compensated as comp time (補休) or pay (加班費). */
export const overtimeCommand = z
  .object({
    start: dateTimeInput.meta({ title: '加班起時' }),
    end: dateTimeInput.meta({ title: '加班迄時' }),
    reason: z.string().trim().min(1, '事由不得空白').max(200, '事由上限200個字').meta({ title: '事由' }),
    compensation: z.enum(['comp-time', 'pay']).default('comp-time').meta({ title: '補償方式' }),
    applicantId: z.string().trim().min(1).max(64).optional().meta({ title: '申請人' }),
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

export async function fileOvertime(ctx: LeaveContext, actor: Actor, command: OvertimeCommand, existingId?: string): Promise<FormView> {
  let existing = existingId ? await loadForm(ctx, existingId) : undefined;
  if (existing) {
    assertApplicant(actor, existing);
    assertCan('modify', existing.status);
    if (existing.kind !== 'overtime') throw invalid('FORM_KIND', 'params.formId', '表單', '此表單不是加班申請');
  }
  const person = await ctx.people.get(existing?.applicantId ?? command.applicantId ?? actor.sub);
  assertFiles(person);
  await assertCanFileFor(ctx, actor, person);
  const policy = await loadPolicy(ctx, person.agencyId);
  return withPersonLock(ctx.redis, person.id, async () => {
    if (existing) existing = await loadForm(ctx, existing._id);
    const { usage, forms } = await usageOf(ctx, person.id, command.start, command.end, existing?._id);
    const evaluation = evaluateOvertime(command, policy.settings.overtime, usage, ctx.clock());
    const clash = forms.find((f) => f.start < command.end && f.end > command.start);
    if (clash) throw conflict('OVERLAP', 'body.start', '加班起時', `與您${formatInterval(clash.start, clash.end)}的加班申請重疊`);
    const now = ctx.clock();
    const fields = {
      kind: 'overtime' as const,
      applicantId: person.id,
      applicantName: person.name,
      agencyId: person.agencyId,
      ...(person.unitId ? { unitId: person.unitId } : {}),
      ...(person.unitName ? { unitName: person.unitName } : {}),
      ...(actor.sub !== person.id ? { filedBy: actor.sub } : {}),
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
      return formView(await updateForm(ctx, existing, { $set: { ...fields, submission: next.submission } }, { action: 'modify', actorId: actor.sub }, [publish.modified(next), publish.approvalRequested(next)]));
    }
    const form = { _id: randomUUID(), ...fields, submission: 1, history: [{ at: now, action: 'submit', actorId: actor.sub }], version: 1, createdAt: now, updatedAt: now } as FormDoc;
    await ctx.models.forms.create({ ...form, ...outboxOnCreate([publish.submitted(form), publish.approvalRequested(form)]) });
    ctx.kick();
    return formView(form);
  });
}
