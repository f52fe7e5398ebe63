import type { BalanceLedgerView, BalanceUnit, IsoDateText } from './leave.ts';

/**
 * What the leave service's administration operations answer (請假管理);
 * types only, declared by the service's use cases.
 */

/** One ledger a person's allocation covers: what it grants and what it held before. */
export interface AllocationLineView {
  ledger: string;
  /** 休假, 事假 … */
  name: string;
  period: string;
  /** `115年`, `115學年度` */
  periodLabel: string;
  unit: BalanceUnit;
  /** What the rules give now (minutes or times). */
  amount: number;
  /** `14日0小時`, `5次` */
  amountText: string;
  /** What the ledger's allocation held before the run (absent: the ledger does not exist yet). */
  previous?: number;
  /** new: created with this amount; recomputed: brought to it (a `recomputation` entry); unchanged: nothing written. */
  change: 'new' | 'recomputed' | 'unchanged';
  /** The rule's words: `115年休假：到職 2015-03-02，至 114-12-31 滿 10 年，休假 28 日`. */
  note: string;
}

/** One person of an allocation run. */
export interface AllocationPersonView {
  personId: string;
  name: string;
  unitName?: string;
  /** 到職日期 the seniority counts from (absent: not on file, no 休假 until it is). */
  serviceStartDate?: IsoDateText;
  /** 休假 of the period before, left unused (shown only: the rules here carry nothing over). */
  annualLeft?: { period: string; periodLabel: string; remaining: number; remainingText: string };
  lines: AllocationLineView[];
}

/** runAllocation: the counts, and per person what was (or, with dryRun, would be) written. */
export interface AllocationRunView {
  agencyId: string;
  year: number;
  dryRun: boolean;
  people: number;
  /** Ledgers covered (created or existing). */
  balances: number;
  /** Ledgers created by the run. */
  created: number;
  /** Existing ledgers brought to the rules. */
  recomputed: number;
  items: AllocationPersonView[];
}

/** correctBalance: the ledger after the correction, its new line last. */
export interface BalanceCorrectionView {
  id: string;
  granted: number;
  entries: BalanceLedgerView['entries'];
}

/** getCommonReasons, setCommonReasons (差假事由). */
export interface CommonReasonsView {
  agencyId: string;
  reasons: string[];
  version: number;
}
