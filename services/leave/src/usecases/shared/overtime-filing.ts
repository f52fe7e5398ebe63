import { randomUUID } from 'node:crypto';
import type { OvertimeCommand } from '@webitr/contracts';
import { taipeiLocal } from '@webitr/work-calendar';
import { monthOf } from '../../domain/periods.ts';
import { conflict } from '../../domain/errors.ts';
import { evaluateOvertime } from '../../domain/overtime.ts';
import type { OvertimeEvaluation, OvertimeUsage } from '../../domain/overtime.ts';
import type { PersonProfile } from '../../domain/people.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertCanFileFor, assertFiles } from './access.ts';
import { APPLICANTS_FIELD, loadApplicant } from './applicants.ts';
import { activeFormsOf, applicantFields, fileForm, loadForm } from './forms.ts';
import { withPersonLock } from './person-lock.ts';
import { loadPolicy } from './policies.ts';
import { formatInterval } from './views.ts';

/** The person's pending or approved overtime in the months the new one touches. */
async function usageOf(
  ctx: LeaveContext,
  personId: string,
  start: Date,
  end: Date,
  excludeFormId?: string,
): Promise<{ usage: OvertimeUsage; forms: FormDoc[] }> {
  const months = { from: monthOf(taipeiLocal(start).date).from, to: monthOf(taipeiLocal(end).date).to };
  const forms = await activeFormsOf(
    ctx,
    { applicantId: personId, kinds: ['overtime'], ...(excludeFormId ? { except: excludeFormId } : {}) },
    months,
  );
  const usage: OvertimeUsage = { byDate: {}, byMonth: {} };
  for (const f of forms) {
    for (const d of f.days) {
      usage.byDate[d.date] = (usage.byDate[d.date] ?? 0) + d.minutes;
      usage.byMonth[d.date.slice(0, 7)] = (usage.byMonth[d.date.slice(0, 7)] ?? 0) + d.minutes;
    }
  }
  return { usage, forms };
}

export interface PreparedOvertime {
  person: PersonProfile;
  policy: AgencyPolicy;
  /** How messages name the applicant: 您 to the applicant, their name to whoever files for them. */
  who: string;
}

/** The person, whether the actor may file for them, and their agency's caps. */
export async function prepareOvertime(ctx: LeaveContext, actor: Actor, applicantId: string): Promise<PreparedOvertime> {
  const person = await loadApplicant(ctx, applicantId);
  // Whether the actor may file for them comes first: a refusal about someone else names them only to those who may.
  await assertCanFileFor(ctx, actor, person);
  assertFiles(person, APPLICANTS_FIELD);
  return { person, policy: await loadPolicy(ctx, person.agencyId), who: person.id === actor.sub ? '您' : person.name };
}

/** Prior application, the daily and monthly caps, and no overlap with the person's other overtime. */
export async function checkOvertime(
  ctx: LeaveContext,
  command: OvertimeCommand,
  { person, policy, who }: PreparedOvertime,
  excludeFormId?: string,
): Promise<OvertimeEvaluation> {
  const { usage, forms } = await usageOf(ctx, person.id, command.start, command.end, excludeFormId);
  const evaluation = evaluateOvertime(command, policy.settings.overtime, usage, ctx.clock());
  const clash = forms.find((f) => f.start < command.end && f.end > command.start);
  if (clash) throw conflict('OVERLAP', 'body.start', '加班起時', `與${who}${formatInterval(clash.start, clash.end)}的加班申請重疊`);
  return evaluation;
}

/** Under the applicant's lock: check again, then the form (new, or the modified one) with its events in one write. */
export async function fileOvertime(
  ctx: LeaveContext,
  actor: Actor,
  command: OvertimeCommand,
  prepared: PreparedOvertime,
  existing?: FormDoc,
): Promise<FormDoc> {
  const { person, policy } = prepared;
  return withPersonLock(ctx.redis, person.id, async () => {
    if (existing) existing = await loadForm(ctx, existing._id);
    const evaluation = await checkOvertime(ctx, command, prepared, existing?._id);
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
    return fileForm(ctx, actor, fields, { id: existing?._id ?? randomUUID(), ...(existing ? { existing } : {}) });
  });
}
