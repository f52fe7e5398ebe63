import { randomUUID } from 'node:crypto';
import type { ForgottenPunchCommand } from '@webitr/contracts';
import { taipeiInstant, taipeiLocal } from '@webitr/work-calendar';
import { evaluateForgottenPunch } from '../../domain/forgotten-punch.ts';
import { periodRange } from '../../domain/periods.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertCanFileFor, assertFiles } from './access.ts';
import { activeFormsOf, applicantFields, fileForm, loadForm } from './forms.ts';
import { withPersonLock } from './person-lock.ts';
import { loadPolicy } from './policies.ts';

/** A forgotten punch filed anew, or `existing` modified (its applicant stays): the agency's limits counted under the applicant's lock. */
export async function fileForgottenPunch(
  ctx: LeaveContext,
  actor: Actor,
  command: ForgottenPunchCommand,
  existing?: FormDoc,
): Promise<FormDoc> {
  const person = await ctx.people.get(existing?.applicantId ?? command.applicantId ?? actor.sub);
  // Whether the actor may file for them comes first: a refusal about someone else names them only to those who may.
  await assertCanFileFor(ctx, actor, person);
  assertFiles(person);
  const policy = await loadPolicy(ctx, person.agencyId);
  return withPersonLock(ctx.redis, person.id, async () => {
    if (existing) existing = await loadForm(ctx, existing._id);
    // A punch form lasts one minute from the punch, so those overlapping the year are those punched in it.
    const forms = await activeFormsOf(
      ctx,
      { applicantId: person.id, kinds: ['forgotten-punch'], ...(existing ? { except: existing._id } : {}) },
      periodRange(command.date.slice(0, 4))!,
    );
    const usage = {
      year: forms.length,
      month: forms.filter((f) => f.punch!.date.slice(0, 7) === command.date.slice(0, 7)).length,
      sameSlot: forms.some((f) => f.punch!.date === command.date && f.punch!.direction === command.direction),
    };
    evaluateForgottenPunch(command, policy.settings.forgottenPunch, usage, taipeiLocal(ctx.clock()).date);
    const at = taipeiInstant(command.date, command.time);
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
    return fileForm(ctx, actor, fields, { id: existing?._id ?? randomUUID(), ...(existing ? { existing } : {}) });
  });
}
