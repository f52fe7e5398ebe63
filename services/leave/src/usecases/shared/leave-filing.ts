import { randomUUID } from 'node:crypto';
import type { LeaveCommand } from '@webitr/contracts';
import { addDays, formatRocDate, taipeiLocal } from '@webitr/work-calendar';
import { chargeKey } from '../../domain/balance.ts';
import { invalid } from '../../domain/errors.ts';
import { assertCan } from '../../domain/form.ts';
import type { FormStatus } from '../../domain/form.ts';
import { evaluateLeave } from '../../domain/leave-request.ts';
import type { LeaveEvaluation } from '../../domain/leave-request.ts';
import type { PersonProfile } from '../../domain/people.ts';
import { backdatingDaysOf, effectiveRule } from '../../domain/policy.ts';
import type { AgencyPolicy, EffectiveRule } from '../../domain/policy.ts';
import { RULE_SET_NAMES } from '../../domain/rules/types.ts';
import { monthOf } from '../../domain/periods.ts';
import { scheduleGroupOf } from '../../domain/schedule-groups.ts';
import type { AttachmentRef, FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertCanFileFor, assertFiles, isManagerOf } from './access.ts';
import { APPLICANTS_FIELD, loadApplicant } from './applicants.ts';
import { attachmentsFor } from './attachments.ts';
import { reserveCharges, settleCharges } from './balances.ts';
import { calendarFor } from './calendar.ts';
import { chooseDeputy } from './deputies.ts';
import { activeFormsOf, applicantFields, assertNoOverlap, fileForm, loadForm, noteAbsence, overlappingAbsences } from './forms.ts';
import { withPersonLock } from './person-lock.ts';
import { loadPolicy } from './policies.ts';

/**
 * Filing a leave form (差假, and 加班補休, a leave type drawing on comp time):
 * what submitting, modifying and quoting share. The body (leaveCommand) is in
 * @webitr/contracts, where the web app validates with it too.
 */

export interface PreparedLeave {
  person: PersonProfile;
  policy: AgencyPolicy;
  rule: EffectiveRule;
  evaluation: LeaveEvaluation;
  attachments: AttachmentRef[];
}

/** Everything that can be checked without holding anything: the person, the type's rules, the hours, attachments. */
export async function prepareLeave(
  ctx: LeaveContext,
  actor: Actor,
  command: LeaveCommand,
  applicantId: string,
  existing?: FormDoc,
): Promise<PreparedLeave> {
  const person = await loadApplicant(ctx, applicantId);
  // Whether the actor may file for them comes first: a refusal about someone else names them only to those who may.
  await assertCanFileFor(ctx, actor, person);
  assertFiles(person, APPLICANTS_FIELD);
  const policy = await loadPolicy(ctx, person.agencyId);
  const rule = effectiveRule(person.ruleSet!, policy, command.leaveType);
  if (!rule) throw invalid('LEAVE_TYPE_UNKNOWN', 'body.leaveType', '假別', `${RULE_SET_NAMES[person.ruleSet!]}無此假別`);
  const from = taipeiLocal(command.start).date;
  const to = taipeiLocal(command.end).date;
  // 補請: how far back a form may start is the agency's setting; attendance managers (人事室) may file later ones, and a modification that keeps its start is not filing anew.
  const backdating = backdatingDaysOf(policy.settings);
  const earliest = addDays(taipeiLocal(ctx.clock()).date, -backdating);
  if (from < earliest && !isManagerOf(actor, person.agencyId) && (!existing || existing.start.getTime() !== command.start.getTime())) {
    throw invalid(
      'BACKDATING_LIMIT',
      'body.start',
      '請假起時',
      `請假起日不得早於 ${formatRocDate(earliest)}（本機關差假最多補請 ${backdating} 日前；逾期請洽人事室）`,
    );
  }
  if (to > addDays(from, 366)) throw invalid('INTERVAL_TOO_LONG', 'body.end', '請假迄時', '一份申請以一年為限');
  const calendar = await calendarFor(ctx, person.agencyId, from, to);
  const attachments = await attachmentsFor(
    ctx,
    actor,
    person.id,
    command.attachmentIds,
    policy.settings.attachments.maxTotalBytes,
    existing?._id,
  );
  const monthlyUsage =
    rule.monthlyCapMinutes !== undefined ? await monthlyUsageOf(ctx, person.id, rule.code, from, to, existing?._id) : undefined;
  const evaluation = evaluateLeave(
    {
      start: command.start,
      end: command.end,
      location: command.location,
      eventDate: command.eventDate,
      relationship: command.relationship,
      gestationWeeks: command.gestationWeeks,
      attachmentCount: attachments.length,
    },
    {
      rule,
      person,
      schedule: scheduleGroupOf(person.scheduleGroupId, person.ruleSet),
      calendar,
      ...(monthlyUsage ? { monthlyUsage } : {}),
    },
  );
  return { person, policy, rule, evaluation, attachments };
}

/** Minutes of a type the person has pending or approved per month, for monthly caps (生理假). */
async function monthlyUsageOf(
  ctx: LeaveContext,
  personId: string,
  leaveType: string,
  from: string,
  to: string,
  excludeFormId?: string,
): Promise<Record<string, number>> {
  const forms = await activeFormsOf(
    ctx,
    { applicantId: personId, ...(excludeFormId ? { except: excludeFormId } : {}) },
    { from: monthOf(from).from, to },
  );
  const usage: Record<string, number> = {};
  for (const form of forms) {
    if (form.leaveType !== leaveType) continue;
    for (const d of form.days) usage[d.date.slice(0, 7)] = (usage[d.date.slice(0, 7)] ?? 0) + d.minutes;
  }
  return usage;
}

/** Optional fields a modified leave form no longer has are cleared (and the decision of a returned one). */
const CLEARED_ON_MODIFY = ['deputy', 'location', 'eventDate', 'relationship', 'gestationWeeks', 'decision'] as const;

/**
 * Under the applicant's lock: overlap, deputy; then the balance is reserved and
 * the attachments claimed, and only then is the form written with its events in
 * one write — so a failure before that write leaves no form, and gives back
 * what was reserved and claimed. A modification reserves its new round beside
 * the old one (chargeKey) and releases the old only after the form is written:
 * if the form changed meanwhile (a decision or a withdrawal does not take this
 * lock), the write is refused and the form keeps exactly what it held.
 */
export async function fileLeave(
  ctx: LeaveContext,
  actor: Actor,
  command: LeaveCommand,
  prepared: PreparedLeave,
  existing?: FormDoc,
): Promise<FormDoc> {
  const { person, policy, rule, evaluation, attachments } = prepared;
  return withPersonLock(ctx.redis, person.id, async () => {
    if (existing) {
      existing = await loadForm(ctx, existing._id);
      assertCan('modify', existing.status);
    }
    if (!rule.declaration) assertNoOverlap(await overlappingAbsences(ctx, person.id, command.start, command.end, existing?._id));
    const deputy = rule.needsDeputy ? await chooseDeputy(ctx, person.id, command.start, command.end, command.deputyId) : undefined;
    const formId = existing?._id ?? randomUUID();
    const submission = existing ? existing.submission + 1 : 1;
    const key = chargeKey(formId, submission);
    const previous = existing ? chargeKey(existing._id, existing.submission) : undefined;
    await reserveCharges(ctx, person, policy, key, evaluation.charges, {
      on: taipeiLocal(command.start).date,
      label: rule.name,
      ...(rule.takeAtOnce ? { takeAtOnce: true } : {}),
      ...(previous ? { replacing: previous } : {}),
    });
    const status: FormStatus = deputy ? 'waiting-for-deputy' : 'in-approval';
    const fields = {
      kind: command.leaveType === 'comp-time' ? ('comp-time' as const) : ('leave' as const),
      ...applicantFields(person, actor),
      status,
      ruleSet: rule.ruleSet,
      ruleSetVersion: rule.ruleSetVersion,
      policyVersion: policy.version,
      leaveType: rule.code,
      leaveTypeName: rule.name,
      start: command.start,
      end: command.end,
      minutes: evaluation.minutes,
      duration: evaluation.duration,
      days: evaluation.days,
      charges: evaluation.charges,
      ...(deputy ? { deputy } : {}),
      ...(command.location ? { location: command.location } : {}),
      reason: command.reason,
      remarks: command.remarks,
      attachments,
      ...(command.eventDate ? { eventDate: command.eventDate } : {}),
      ...(command.relationship ? { relationship: command.relationship } : {}),
      ...(command.gestationWeeks !== undefined ? { gestationWeeks: command.gestationWeeks } : {}),
    };
    let claimed: string[] = [];
    let form: FormDoc;
    try {
      const claim = await ctx.attachments.claim(
        attachments.map((a) => a.id),
        formId,
        ctx.clock(),
      );
      if (claim.taken) {
        const name = attachments.find((a) => a.id === claim.taken)?.filename ?? claim.taken;
        throw invalid('ATTACHMENT_IN_USE', 'body.attachmentIds', '附件', `附件「${name}」已用於其他表單`);
      }
      claimed = claim.claimed;
      await noteAbsence(ctx, person.id, formId, command.start, command.end);
      form = await fileForm(ctx, actor, fields, { id: formId, ...(existing ? { existing } : {}), clear: CLEARED_ON_MODIFY });
    } catch (error) {
      await ctx.attachments.release(claimed, formId);
      await settleCharges(ctx, person.id, key, evaluation.charges, 'release');
      throw error;
    }
    if (existing) {
      // The form is written: its previous round's charges and the files it no longer names go back (reconciliation finishes this after a crash).
      const dropped = existing.attachments.filter((a) => !attachments.some((b) => b.id === a.id)).map((a) => a.id);
      try {
        await settleCharges(ctx, person.id, previous!, existing.charges, 'release');
        await ctx.attachments.release(dropped, formId);
      } catch (error) {
        ctx.logger.warn({ err: error, formId }, 'could not release what a modified form held before; reconciliation will');
      }
    }
    return form;
  });
}
