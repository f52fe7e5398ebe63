import { ROC_YEAR_OFFSET, taipeiLocal } from '@webitr/work-calendar';
import { allocationFor } from '../../domain/allocation.ts';
import { recompute } from '../../domain/balance.ts';
import type { PersonProfile } from '../../domain/people.ts';
import { schoolYearOf } from '../../domain/periods.ts';
import { effectiveRule, effectiveRules } from '../../domain/policy.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import type { LeaveTypeCode } from '../../domain/rules/types.ts';
import { ensureBalance, mutateBalance } from './balances.ts';
import type { LeaveContext } from '../../context.ts';

/** The periods an allocation covers: a calendar year and the school year (ROC) of the school-year ledgers. */
export interface AllocationPeriods {
  calendarYear: number;
  schoolYear: number;
}

/** The allocation run for `year`: that calendar year and the school year starting in it. */
export const periodsOfYear = (year: number): AllocationPeriods => ({ calendarYear: year, schoolYear: year - ROC_YEAR_OFFSET });

/** The periods running now: this calendar year and this school year. */
export function currentPeriods(now: Date): AllocationPeriods {
  const today = taipeiLocal(now).date;
  return { calendarYear: Number(today.slice(0, 4)), schoolYear: schoolYearOf(today) };
}

/** The ledgers that are allocated per period (not per event, not comp time, not pools counted inside another) and their period keys. */
export function allocatedLedgers(person: PersonProfile, policy: AgencyPolicy, periods: AllocationPeriods): Map<LeaveTypeCode, string> {
  const ledgers = new Map<LeaveTypeCode, string>();
  if (!person.ruleSet) return ledgers;
  for (const rule of effectiveRules(person.ruleSet, policy)) {
    if (!rule.enabled || rule.countsIn || !['days', 'seniority', 'times'].includes(rule.quota.kind)) continue;
    ledgers.set(rule.code, rule.period === 'school-year' ? `SY${periods.schoolYear}` : String(periods.calendarYear));
  }
  return ledgers;
}

/**
 * Allocate a person's balances of the periods and bring those that exist to
 * what the rules give now (a seniority date added or corrected, a changed
 * rule set or policy): the difference is one `recomputation` ledger entry
 * saying why. Repeatable: a second run finds nothing to change and writes
 * nothing. Answers how many ledgers it touched and how many it recomputed.
 */
export async function allocatePerson(
  ctx: LeaveContext,
  person: PersonProfile,
  policy: AgencyPolicy,
  periods: AllocationPeriods,
  why: string,
): Promise<{ balances: number; recomputed: number }> {
  let balances = 0;
  let recomputed = 0;
  for (const [ledger, period] of allocatedLedgers(person, policy, periods)) {
    const doc = await ensureBalance(ctx, person, policy, ledger, period);
    balances += 1;
    const rule = effectiveRule(person.ruleSet!, policy, ledger)!;
    const allocation = allocationFor(rule, person, period);
    if (allocation.unit !== doc.unit) continue;
    let changed = false;
    await mutateBalance(ctx, doc._id, (state) => {
      const next = recompute(state, allocation.amount, `重新核給 (${why})：${allocation.note}`, ctx.clock());
      changed = next !== state;
      return next;
    });
    if (changed) recomputed += 1;
  }
  return { balances, recomputed };
}
