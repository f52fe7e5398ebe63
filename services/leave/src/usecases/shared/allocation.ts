import { ROC_YEAR_OFFSET, taipeiLocal } from '@webitr/work-calendar';
import { allocationFor } from '../../domain/allocation.ts';
import { allocatedOf, recompute } from '../../domain/balance.ts';
import type { BalanceUnit } from '../../domain/balance.ts';
import type { PersonProfile } from '../../domain/people.ts';
import { schoolYearOf } from '../../domain/periods.ts';
import { effectiveRule, effectiveRules } from '../../domain/policy.ts';
import type { AgencyPolicy } from '../../domain/policy.ts';
import type { LeaveTypeCode } from '../../domain/rules/types.ts';
import { balanceId } from '../../models/balance.ts';
import type { BalanceDoc } from '../../models/balance.ts';
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

/** One ledger of a person's allocation: what the rules give now, and what its allocation holds already (undefined: no ledger yet). */
export interface PlannedLedger {
  ledger: LeaveTypeCode;
  period: string;
  unit: BalanceUnit;
  amount: number;
  note: string;
  previous: number | undefined;
  change: 'new' | 'recomputed' | 'unchanged';
}

/**
 * What an allocation run gives a person, read without writing: the preview
 * (dryRun) shows it and the run applies exactly it (allocatePerson). A ledger
 * whose unit no longer matches its rule is left alone, as the run leaves it.
 */
export async function planAllocation(
  ctx: LeaveContext,
  person: PersonProfile,
  policy: AgencyPolicy,
  periods: AllocationPeriods,
): Promise<PlannedLedger[]> {
  const planned: PlannedLedger[] = [];
  for (const [ledger, period] of allocatedLedgers(person, policy, periods)) {
    const rule = effectiveRule(person.ruleSet!, policy, ledger)!;
    const allocation = allocationFor(rule, person, period);
    const doc = await ctx.models.balances.findById(balanceId(person.id, ledger, period)).lean<BalanceDoc>();
    const line = { ledger, period, unit: allocation.unit, amount: allocation.amount, note: allocation.note };
    if (!doc) planned.push({ ...line, previous: undefined, change: 'new' });
    else if (doc.unit !== allocation.unit || doc.grants) planned.push({ ...line, previous: doc.granted, change: 'unchanged' });
    else {
      const previous = allocatedOf({ ...doc, entries: doc.entries ?? [] });
      planned.push({ ...line, previous, change: previous === allocation.amount ? 'unchanged' : 'recomputed' });
    }
  }
  return planned;
}

/**
 * Allocate a person's balances of the periods and bring those that exist to
 * what the rules give now (a seniority date added or corrected, a changed
 * rule set or policy): the difference is one `recomputation` ledger entry
 * saying why. Repeatable: a second run finds nothing to change and writes
 * nothing. Answers what it planned, each line as it was applied (a ledger
 * another request created or changed meanwhile is brought to the rules all
 * the same, and counted as it turned out).
 */
export async function allocatePerson(
  ctx: LeaveContext,
  person: PersonProfile,
  policy: AgencyPolicy,
  periods: AllocationPeriods,
  why: string,
): Promise<PlannedLedger[]> {
  const planned = await planAllocation(ctx, person, policy, periods);
  for (const line of planned) {
    const doc = await ensureBalance(ctx, person, policy, line.ledger, line.period);
    if (line.unit !== doc.unit || doc.grants) continue;
    let changed = false;
    await mutateBalance(ctx, doc._id, (state) => {
      const next = recompute(state, line.amount, `重新核給 (${why})：${line.note}`, ctx.clock());
      changed = next !== state;
      return next;
    });
    line.change = changed ? 'recomputed' : line.change === 'new' ? 'new' : 'unchanged';
  }
  return planned;
}
