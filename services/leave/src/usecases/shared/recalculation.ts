import { formatRocDate, taipeiLocal } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import { chargeKey, recharge } from '../../domain/balance.ts';
import { ACTIVE_STATUSES } from '../../domain/form.ts';
import type { BalanceCharge } from '../../domain/leave-request.ts';
import { remeasureLeave } from '../../domain/leave-request.ts';
import { effectiveRule } from '../../domain/policy.ts';
import type { LeaveTypeCode, RuleSetId } from '../../domain/rules/types.ts';
import { scheduleGroupOf } from '../../domain/schedule-groups.ts';
import * as publish from '../../messaging/publishers.ts';
import { balanceId } from '../../models/balance.ts';
import type { CalendarPendingDoc } from '../../models/calendar-entry.ts';
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
    if (await recalculateOrSettle(ctx, form, reason, recalculated)) continue;
    // A directory that did not answer, or a form that kept changing: the caller keeps the change pending and it is run again.
    failed += 1;
  }
  return { recalculated, failed };
}

/**
 * Recalculate one form; true when it is done. A form that changed meanwhile (a
 * decision, a modification) is read again and measured once more; one that is
 * no longer live, or whose applicant the directory no longer knows, is done
 * (logged) — its dates must not stay pending for ever.
 */
async function recalculateOrSettle(ctx: LeaveContext, form: FormDoc, reason: string, recalculated: Recalculated[]): Promise<boolean> {
  let current: FormDoc = form;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await recalculateForm(ctx, current, reason);
      if (result) recalculated.push(result);
      return true;
    } catch (error) {
      const log = ctx.logger.child({ formId: form._id, applicantId: form.applicantId });
      if ((error as { code?: string }).code === 'PERSON_NOT_FOUND') {
        log.warn('cannot recalculate a form whose applicant the directory no longer knows; left as it is');
        return true;
      }
      const latest = await ctx.models.forms.findById(form._id).lean<FormDoc>();
      if (!latest || !ACTIVE_STATUSES.includes(latest.status)) {
        log.info({ status: latest?.status }, 'a form no longer live after a calendar change; nothing to recalculate');
        return true;
      }
      if (attempt >= 2 || latest.version === current.version) {
        log.warn({ err: error }, 'could not recalculate a form after a calendar change; will retry');
        return false;
      }
      current = latest;
    }
  }
}

/**
 * An agency's own calendar change (a special day or closure added or removed):
 * the dates are recorded as pending (`calendar_pending`) before `change` is
 * written, the forms covering them recalculated, and the dates cleared only
 * when every form was done; reconciliation finishes the rest.
 */
export async function recalculateAgencyChange<T>(
  ctx: LeaveContext,
  agencyId: string,
  date: IsoDate,
  reason: string,
  change: () => Promise<T>,
): Promise<{ result: T; recalculated: Recalculated[] }> {
  await ctx.models.calendarPending.updateOne(
    { _id: agencyId },
    { $addToSet: { pendingDates: date }, $set: { [`reasons.${date}`]: reason } },
    { upsert: true },
  );
  const result = await change();
  const recalculated = await finishAgencyPending(ctx, agencyId, [date], { [date]: reason });
  return { result, recalculated };
}

/** Recalculate an agency's pending dates (by reason); the dates of a reason are cleared only when every form was done. */
export async function finishAgencyPending(
  ctx: LeaveContext,
  agencyId: string,
  dates: readonly string[],
  reasons: Readonly<Record<string, string>>,
): Promise<Recalculated[]> {
  const byReason = new Map<string, IsoDate[]>();
  for (const date of dates) {
    const reason = reasons[date] ?? '行事曆變更';
    byReason.set(reason, [...(byReason.get(reason) ?? []), date as IsoDate]);
  }
  const recalculated: Recalculated[] = [];
  for (const [reason, group] of byReason) {
    const done = await recalculateCharges(ctx, agencyId, group, reason);
    recalculated.push(...done.recalculated);
    if (done.failed) continue;
    await ctx.models.calendarPending.updateOne(
      { _id: agencyId },
      { $pullAll: { pendingDates: group }, $unset: Object.fromEntries(group.map((d) => [`reasons.${d}`, ''])) },
    );
  }
  return recalculated;
}

/** Reconciliation: agencies whose calendar changes a crash or a failure left unfinished. */
export async function finishAgencyPendingRecalculations(ctx: LeaveContext): Promise<void> {
  // One small document per agency that changed its calendar: filtered here, as the national years are.
  const docs = await ctx.models.calendarPending.find().lean<CalendarPendingDoc[]>();
  for (const doc of docs) if (doc.pendingDates?.length) await finishAgencyPending(ctx, doc._id, doc.pendingDates, doc.reasons ?? {});
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
  const periods = new Map<string, { ledger: string; period: string }>();
  for (const c of [...form.charges, ...next.charges]) periods.set(`${c.ledger}|${c.period}`, { ledger: c.ledger, period: c.period });
  for (const { ledger, period } of periods.values()) {
    const charge = chargeOf(next.charges, ledger, period);
    if (charge) await ensureBalance(ctx, person, policy, charge.ledger, charge.period);
    const request = charge
      ? { formId: key, amount: charge.amount, at: ctx.clock(), on: from, label: rule.name, ...(charge.sub ? { sub: charge.sub } : {}) }
      : undefined;
    await mutateBalance(ctx, balanceId(form.applicantId, ledger, period), (state) => recharge(state, key, request, note, ctx.clock()));
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
