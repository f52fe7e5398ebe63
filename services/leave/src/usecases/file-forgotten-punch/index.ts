import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { outboxOnCreate } from '@webitr/platform';
import { dateField, taipeiInstant, taipeiLocal } from '@webitr/work-calendar';
import { invalid } from '../../domain/errors.ts';
import { ACTIVE_STATUSES, assertCan } from '../../domain/form.ts';
import { evaluateForgottenPunch } from '../../domain/forgotten-punch.ts';
import * as publish from '../../messaging/publishers.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { applicantFields, assertApplicant, assertCanFileFor, assertFiles, loadForm, updateForm } from '../shared/forms.ts';
import { withPersonLock } from '../shared/person-lock.ts';
import { loadPolicy } from '../shared/policies.ts';
import { formView } from '../shared/views.ts';
import type { FormView } from '../shared/views.ts';

/** 忘刷卡申請: the date, clock-in or clock-out, the time, and why. */
export const forgottenPunchCommand = z
  .object({
    date: dateField('忘刷卡日期'),
    direction: z.enum(['in', 'out']).meta({ title: '刷卡別' }),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時間格式為 HH:MM')
      .meta({ title: '刷卡時間' }),
    reason: z.string().trim().min(1, '事由不得空白').max(200, '事由上限200個字').meta({ title: '事由' }),
    applicantId: z.string().trim().min(1).max(64).optional().meta({ title: '申請人' }),
  })
  .meta({ id: 'ForgottenPunchCommand' });
export type ForgottenPunchCommand = z.infer<typeof forgottenPunchCommand>;

export async function fileForgottenPunch(ctx: LeaveContext, actor: Actor, command: ForgottenPunchCommand, existingId?: string): Promise<FormView> {
  let existing = existingId ? await loadForm(ctx, existingId) : undefined;
  if (existing) {
    assertApplicant(actor, existing);
    assertCan('modify', existing.status);
    if (existing.kind !== 'forgotten-punch') throw invalid('FORM_KIND', 'params.formId', '表單', '此表單不是忘刷卡申請');
  }
  const person = await ctx.people.get(existing?.applicantId ?? command.applicantId ?? actor.sub);
  assertFiles(person);
  await assertCanFileFor(ctx, actor, person);
  const policy = await loadPolicy(ctx, person.agencyId);
  const year = command.date.slice(0, 4);
  return withPersonLock(ctx.redis, person.id, async () => {
    if (existing) existing = await loadForm(ctx, existing._id);
    const forms = (
      await ctx.models.forms
        .find({ applicantId: person.id, status: { $in: [...ACTIVE_STATUSES] }, start: { $gte: new Date(`${year}-01-01T00:00:00+08:00`), $lt: new Date(`${Number(year) + 1}-01-01T00:00:00+08:00`) } })
        .lean<FormDoc[]>()
    ).filter((f) => f.kind === 'forgotten-punch' && f._id !== existing?._id);
    const usage = {
      year: forms.length,
      month: forms.filter((f) => f.punch!.date.slice(0, 7) === command.date.slice(0, 7)).length,
      sameSlot: forms.some((f) => f.punch!.date === command.date && f.punch!.direction === command.direction),
    };
    evaluateForgottenPunch(command, policy.settings.forgottenPunch, usage, taipeiLocal(ctx.clock()).date);
    const at = taipeiInstant(command.date, command.time);
    const now = ctx.clock();
    const fields = {
      kind: 'forgotten-punch' as const,
      ...applicantFields(person, actor),
      status: 'in-approval' as const,
      policyVersion: policy.version,
      start: at,
      end: new Date(at.getTime() + 60_000),
      minutes: 0,
      duration: '0日0小時',
      days: [],
      charges: [],
      reason: command.reason,
      remarks: [],
      attachments: [],
      punch: { date: command.date, direction: command.direction, time: command.time },
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
