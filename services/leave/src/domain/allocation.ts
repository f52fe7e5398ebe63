import type { BalanceUnit } from './balance.ts';
import { allocationYearOf, periodLabel } from './periods.ts';
import type { PeriodKey } from './periods.ts';
import type { PersonProfile } from './people.ts';
import type { EffectiveRule } from './policy.ts';
import { DAY_MINUTES } from './rules/types.ts';
import type { BereavementRelationship } from './rules/types.ts';
import { annualLeaveFor, proratedQuota, schoolYearAnnualLeaveFor } from './seniority.ts';

export interface Allocation {
  unit: BalanceUnit;
  /** Minutes, or times. */
  amount: number;
  note: string;
  /** Comp time: a ledger of grants rather than a yearly amount. */
  grants?: true;
}

/**
 * What a balance starts with when its period opens (the new year, the new
 * school year, a new hire's first request, an event): computed from the rule
 * the agency has and the person's seniority. Runs are idempotent because a
 * balance is created once per person, ledger and period.
 */
export function allocationFor(rule: EffectiveRule, person: PersonProfile, period: PeriodKey): Allocation {
  const label = `${periodLabel(period)}${rule.name}`;
  const quota = rule.quota;
  switch (quota.kind) {
    case 'none':
      return { unit: 'minutes', amount: 0, note: `${rule.name}不計額度` };
    case 'comp-time':
      return { unit: 'minutes', amount: 0, note: '加班補休依核准之加班時數核給', grants: true };
    case 'times':
      return { unit: 'times', amount: quota.times, note: `${label}核給${quota.times}次` };
    case 'seniority': {
      const year = allocationYearOf(period)!;
      if (!person.serviceStartDate) return { unit: 'minutes', amount: 0, note: `${label}：人事資料未登錄到職日期，請洽人事室` };
      const grant =
        quota.basis === 'school-year'
          ? schoolYearAnnualLeaveFor(person.serviceStartDate, year, quota.minimumDays)
          : annualLeaveFor(person.serviceStartDate, year);
      return { unit: 'minutes', amount: Math.round(grant.days * DAY_MINUTES), note: `${label}：${grant.note}` };
    }
    case 'days': {
      const year = allocationYearOf(period)!;
      const { days, note } = rule.prorateFirstYear
        ? proratedQuota(quota.days, person.serviceStartDate, year)
        : { days: quota.days, note: undefined };
      return { unit: 'minutes', amount: Math.round(days * DAY_MINUTES), note: `${label}核給${days}日${note ? ` (${note})` : ''}` };
    }
    case 'per-event': {
      const qualifier = /^EV\d{4}-\d{2}-\d{2}-(.+)$/.exec(period)?.[1];
      let days = quota.days ?? 0;
      if (quota.byRelationship && qualifier) days = quota.byRelationship[qualifier as BereavementRelationship] ?? 0;
      if (quota.byGestationWeeks && qualifier?.startsWith('w')) {
        const weeks = Number(qualifier.slice(1));
        days = quota.byGestationWeeks.find((b) => b.fromWeeks === weeks)?.days ?? 0;
      }
      return { unit: 'minutes', amount: days * DAY_MINUTES, note: `${label}核給${days}日` };
    }
  }
}
