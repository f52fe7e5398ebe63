/**
 * Leave types as data: each rule set (公務人員請假規則, 教師請假規則) is a
 * versioned list of these, with the source of every rule written beside it.
 * Agencies adjust them through overrides (see policy.ts), never through code.
 */

import type { BereavementRelationship, LeaveTypeCode } from '@webitr/contracts';

// Leave type codes and names, and the 喪假 relationships, are in @webitr/contracts, where the web app reads them too.
export { BEREAVEMENT_RELATIONSHIPS, LEAVE_TYPE_CODES, LEAVE_TYPE_NAMES, RELATIONSHIP_NAMES } from '@webitr/contracts';
export type { BereavementRelationship, LeaveTypeCode } from '@webitr/contracts';

/** 1 day of leave is 8 working hours (公務人員請假規則第10條: 以時計者，累積八小時以一日計). */
export const DAY_MINUTES = 480;

/** `teacher-admin`: teachers holding an administrative post (兼任行政職務: 主任, 組長) and principals (校長). */
export const RULE_SET_IDS = ['civil-servant', 'teacher', 'teacher-admin'] as const;
export type RuleSetId = (typeof RULE_SET_IDS)[number];

export const RULE_SET_NAMES: Record<RuleSetId, string> = {
  'civil-servant': '公務人員請假規則',
  teacher: '教師請假規則',
  'teacher-admin': '教師請假規則 (兼任行政職務教師及校長)',
};

/** How the quota of a type is given. */
export type Quota =
  /** No balance: 公出, 出差, the 出國 declaration. */
  | { kind: 'none' }
  /** A fixed number of days per period. */
  | { kind: 'days'; days: number }
  /** A number of times (forms) per period, as the seed shows 公假 「20次(年)」. */
  | { kind: 'times'; times: number }
  /**
   * 休假 by seniority (seniority.ts): by calendar year (公務人員), or by school
   * year (`basis: 'school-year'`, 兼任行政職務教師) with at least `minimumDays`.
   */
  | { kind: 'seniority'; basis?: 'school-year'; minimumDays?: number }
  /** Per event (a marriage, a birth, a death): days, by relationship or gestation when given. */
  | {
      kind: 'per-event';
      days?: number;
      byRelationship?: Partial<Record<BereavementRelationship, number>>;
      byGestationWeeks?: { fromWeeks: number; days: number }[];
    }
  /** Comp time earned from approved overtime, consumed oldest first. */
  | { kind: 'comp-time' };

/** The period a balance runs over. */
export type Period = 'calendar-year' | 'school-year' | 'event' | 'none';

export interface LeaveTypeRule {
  code: LeaveTypeCode;
  name: string;
  enabled: boolean;
  /** `hour`: takeable by the hour; `day`: whole working days; `calendar-day`: consecutive calendar days incl. weekends and holidays. */
  unit: 'hour' | 'day' | 'calendar-day';
  /** The smallest amount a request may be, and the step it moves in (minutes). */
  minimumMinutes: number;
  quota: Quota;
  period: Period;
  /**
   * Which balance it draws on, when not its own: 家庭照顧假 counts inside 事假;
   * 生理假 inside 病假 beyond the days it is free.
   */
  countsIn?: { ledger: LeaveTypeCode; capDays?: number; freeDaysPerPeriod?: number };
  /** At most this much per calendar month (生理假: one day a month). */
  monthlyCapMinutes?: number;
  /** First-year proration by months of service (事假/病假 for civil servants). */
  prorateFirstYear?: boolean;
  locationRequired: boolean;
  /** Medical certificate or other proof: always, or from a number of days. */
  attachmentRequired?: { always: true } | { fromDays: number };
  eligibleSex?: 'F' | 'M';
  /** The request must fall inside this window around the event date (婚假, 喪假, 陪產檢及陪產假, 產前假). */
  window?: { beforeDays: number; afterDays: number; event: string };
  /** Must be taken in one form (娩假, 流產假: 應一次請畢). */
  takeAtOnce?: boolean;
  /** A declaration, not an absence: may cover non-working days, no balance (出國或赴大陸). */
  declaration?: boolean;
  /** The form needs a deputy (職務代理人). */
  needsDeputy: boolean;
  /** Why a disabled type is not the person's, when there is more to say than 「未開放申請」 (a stable code and a zh-TW detail). */
  notAvailable?: { code: string; detail: string };
  /** The regulation gives none of this type under this rule set (教師 休假): no agency override may enable it (policy.ts `refusedOverrides`). */
  regulationGivesNone?: boolean;
  /** Where the rule comes from; `verify` marks a secondary source to be checked against the regulation text. */
  source: string;
  verify?: string;
}

export interface RuleSet {
  id: RuleSetId;
  /** The rule set whose agency overrides apply as well (the agency's adjustments of 教師請假規則 hold for teachers with a post too). */
  extends?: RuleSetId;
  /**
   * Types this set defines anew instead of taking them from the set it extends
   * (teachers with a post: 休假). The agency's overrides of the extended set's
   * type do not apply to these; only the set's own overrides do.
   */
  replaces?: readonly LeaveTypeCode[];
  name: string;
  /** The version of the regulation these rules follow; forms record it. */
  version: string;
  effectiveFrom: string;
  types: readonly LeaveTypeRule[];
}
