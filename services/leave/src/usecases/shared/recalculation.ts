import { formatRocDate, taipeiLocal } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { chargeKey, recharge } from '../../domain/balance.ts';
import type { BalanceCharge } from '../../domain/leave-request.ts';
import { remeasureLeave } from '../../domain/leave-request.ts';
import { effectiveRule } from '../../domain/policy.ts';
import type { LeaveTypeCode, RuleSetId } from '../../domain/rules/types.ts';
import { scheduleGroupOf } from '../../domain/schedule-groups.ts';
import * as publish from '../../messaging/publishers.ts';
import { balanceId } from '../../models/balance.ts';
import type { FormDoc } from '../../models/form.ts';
import { ensureBalance, mutateBalance } from './balances.ts';
import { calendarFor, NATIONAL } from './calendar.ts';
import type { LeaveContext } from '../../context.ts';
import { ABSENCE_KINDS, activeFormsOf, writeForm } from './forms.ts';
import { loadPolicy } from './policies.ts';

export interface Recalculated {
  formId: string;
  applicantId: string;
  before: { minutes: number; duration: string };
  after: { minutes: number; duration: string };
}

const chargeOf = (charges: readonly BalanceCharge[], ledger: string, period: string) =>
  charges.find((c) => c.ledger === ledger && c.period === period);

/**
 * The calendar changed on `dates` (for one agency, or `*` for every agency):
 * every live leave or comp-time form whose period covers one of them is
 * measured again; where its counted time changed, its balance charges become
 * the new amounts with a ledger line giving the reason, and the form is
 * updated with a `leave.request.recalculated` event. Balances first, then the
 * form, and every step is idempotent — so running it again (after a crash, or
 * from reconciliation) finishes what was left and changes nothing else.
 */
export async function recalculateCharges(
  ctx: LeaveContext,
  agencyId: string,
  dates: readonly IsoDate[],
  reason: string,
): Promise<{ recalculated: Recalculated[]; failed: number }> {
  if (!dates.length) return { recalculated: [], failed: 0 };
  const sorted = [...new Set(dates)].sort();
  const changed = new Set(sorted);
  const forms = await activeFormsOf(
    ctx,
    { ...(agencyId === NATIONAL ? {} : { agencyId }), kinds: ABSENCE_KINDS },
    { from: sorted[0]!, to: sorted.at(-1)! },
  );
  const recalculated: Recalculated[] = [];
  let failed = 0;
  for (const form of forms) {
    const first = taipeiLocal(form.start).date;
    const last = taipeiLocal(new Date(form.end.getTime() - 1)).date;
    if (!sorted.some((d) => d >= first && d <= last && changed.has(d))) continue;
    try {
      const result = await recalculateForm(ctx, form, reason);
      if (result) recalculated.push(result);
    } catch (error) {
      // A form that changed meanwhile, or a directory that did not answer: the caller keeps the change pending and it is run again.
      failed += 1;
      ctx.logger.warn({ err: error, formId: form._id }, 'could not recalculate a form after a calendar change; will retry');
    }
  }
  return { recalculated, failed };
}

async function recalculateForm(ctx: LeaveContext, form: FormDoc, reason: string): Promise<Recalculated | undefined> {
  const person = await ctx.people.get(form.applicantId);
  const policy = await loadPolicy(ctx, form.agencyId);
  const rule = effectiveRule((form.ruleSet ?? person.ruleSet ?? 'civil-servant') as RuleSetId, policy, form.leaveType as LeaveTypeCode);
  if (!rule) {
    ctx.logger.warn(
      { formId: form._id, leaveType: form.leaveType },
      'cannot recalculate a form whose leave type is no longer in its rule set',
    );
    return undefined;
  }
  const from = taipeiLocal(form.start).date;
  const to = taipeiLocal(form.end).date;
  const calendar = await calendarFor(ctx, form.agencyId, from, to);
  const next = remeasureLeave(form, rule, scheduleGroupOf(person.scheduleGroupId, person.ruleSet), calendar);
  if (next.minutes === form.minutes && JSON.stringify(next.charges) === JSON.stringify(form.charges)) return undefined;

  const note = `${reason}：${form.leaveTypeName ?? form.leaveType} ${formatRocDate(from)}${from === to ? '' : ` ~ ${formatRocDate(to)}`} 由 ${form.duration} 改為 ${next.duration}`;
  const key = chargeKey(form._id, form.submission);
  const held = form.status === 'approved' || form.status === 'cancel-requested' ? 'consumed' : 'reserved';
  const periods = new Map<string, { ledger: string; period: string }>();
  for (const c of [...form.charges, ...next.charges]) periods.set(`${c.ledger}|${c.period}`, { ledger: c.ledger, period: c.period });
  for (const { ledger, period } of periods.values()) {
    const charge = chargeOf(next.charges, ledger, period);
    if (charge) await ensureBalance(ctx, person, policy, charge.ledger, charge.period);
    const request = charge
      ? { formId: key, amount: charge.amount, at: ctx.clock(), on: from, label: rule.name, ...(charge.sub ? { sub: charge.sub } : {}) }
      : undefined;
    await mutateBalance(ctx, balanceId(form.applicantId, ledger, period), (state) =>
      recharge(state, key, request, held, note, ctx.clock()),
    );
  }

  const updated = { ...form, ...next, version: form.version + 1 };
  await writeForm(ctx, {
    from: form,
    set: { minutes: next.minutes, days: next.days, duration: next.duration, charges: next.charges },
    history: { action: 'recalculate', actorId: 'system', note },
    events: [publish.recalculated(updated, form.minutes, reason)],
  });
  ctx.logger.info({ formId: form._id, before: form.minutes, after: next.minutes }, 'form recalculated after a calendar change');
  return {
    formId: form._id,
    applicantId: form.applicantId,
    before: { minutes: form.minutes, duration: form.duration },
    after: { minutes: next.minutes, duration: next.duration },
  };
}
