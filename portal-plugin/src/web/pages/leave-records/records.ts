// 差假查詢's logic: the ROC years to pick from, which balance ledgers belong
// to a year, their lines in words, and the CSV people download (Excel opens
// it as UTF-8 because of the BOM). Pure: tested in test/leave-records.test.ts.
import { toCsv } from '../../lib/csv.ts';
import { LEAVE_TYPE_NAMES } from '@webitr/contracts/forms/leave';
import type { LeaveTypeCode } from '@webitr/contracts/forms/leave';
import type { BalanceLedgerView, FormView } from '@webitr/contracts/views/leave';
import { formatDuration } from '@webitr/work-calendar/browser';
import { formatRocDate, formatRocDateTime, taipeiDate } from '../../lib/dates.ts';
import { periodLabel } from '../../lib/forms.ts';

/** 民國 = Gregorian − 1911. */
export const ROC_OFFSET = 1911;
/** A working day as the leave service counts balances in days (its DAY_MINUTES). */
export const DAY_MINUTES = 480;

/** The Gregorian dates of ROC year `rocYear`, as the forms query wants them. */
export const yearRange = (rocYear: number): { from: string; to: string } => ({
  from: `${rocYear + ROC_OFFSET}-01-01`,
  to: `${rocYear + ROC_OFFSET}-12-31`,
});

/**
 * The ROC year a ledger's period belongs to: `2026` → 115, `SY115` (the
 * school year starting in August of 115) → 115, an event → its year;
 * `ALL` (comp time, expiring by grant) belongs to every year: undefined.
 */
export function rocYearOfPeriod(period: string): number | undefined {
  if (/^\d{4}$/.test(period)) return Number(period) - ROC_OFFSET;
  const sy = /^SY(\d+)$/.exec(period);
  if (sy) return Number(sy[1]);
  const ev = /^EV(\d{4})-/.exec(period);
  if (ev) return Number(ev[1]) - ROC_OFFSET;
  return undefined;
}

export const ledgersOfYear = (ledgers: readonly BalanceLedgerView[], rocYear: number): BalanceLedgerView[] =>
  ledgers.filter((l) => {
    const year = rocYearOfPeriod(l.period);
    return year === undefined || year === rocYear;
  });

/** The years to pick from: this one and the four before it, and any year a ledger names; newest first. */
export function yearOptions(thisRocYear: number, ledgers: readonly BalanceLedgerView[] = []): number[] {
  const years = new Set<number>(Array.from({ length: 5 }, (_, i) => thisRocYear - i));
  for (const l of ledgers) {
    const year = rocYearOfPeriod(l.period);
    if (year !== undefined) years.add(year);
  }
  return [...years].sort((a, b) => b - a);
}

/** 休假 for `annual`; a ledger the contracts do not name, as it came. */
export const ledgerName = (ledger: string): string => LEAVE_TYPE_NAMES[ledger as LeaveTypeCode] ?? ledger;

/** An amount of a ledger in its unit: `3日4小時` or `5次`, signed when negative. */
export function amountText(amount: number, unit: BalanceLedgerView['unit']): string {
  const sign = amount < 0 ? '-' : '';
  const size = Math.abs(amount);
  return sign + (unit === 'times' ? `${size}次` : formatDuration(size, DAY_MINUTES));
}

const ENTRY_KIND: Record<BalanceLedgerView['entries'][number]['kind'], string> = {
  allocation: '核給',
  correction: '更正',
  recalculation: '重新計算',
  recomputation: '重新核算',
};
export const entryKindLabel = (kind: BalanceLedgerView['entries'][number]['kind']): string => ENTRY_KIND[kind] ?? kind;

/** One line of a ledger as the page and the CSV show it. */
export interface LedgerLine {
  date: string;
  kind: string;
  amount: string;
  note: string;
}

/** A ledger's lines: its entries (核給, 更正 …) in date order, then each comp-time grant with the day it expires (到期). */
export function ledgerLines(ledger: BalanceLedgerView): LedgerLine[] {
  const entries = [...ledger.entries]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e) => ({
      date: formatRocDate(taipeiDate(e.at)),
      kind: entryKindLabel(e.kind),
      amount: amountText(e.amount, ledger.unit),
      note: e.note,
    }));
  const grants = (ledger.grants ?? []).map((g) => ({
    date: formatRocDate(g.earnedOn),
    kind: '補休核給',
    amount: amountText(g.minutes, 'minutes'),
    note: `${formatRocDate(g.expiresOn)} 到期`,
  }));
  return [...entries, ...grants];
}

// ── CSV ─────────────────────────────────────────────────────────────────────

export const FORM_COLUMNS = ['批示狀態', '表單', '假別', '差假時間', '時數', '事由', '申請時間'] as const;
export const BALANCE_COLUMNS = ['假別', '期間', '核給', '已用', '申請中', '剩餘'] as const;
export const LINE_COLUMNS = ['假別', '期間', '日期', '類別', '數量', '說明'] as const;

/** What 差假查詢 shows for a year, as one CSV: the forms, the balances, then every ledger line; ROC dates throughout. */
export function recordsCsv(rocYear: number, forms: readonly FormView[], ledgers: readonly BalanceLedgerView[]): string {
  const rows: (string | number)[][] = [[`${rocYear}年差假查詢`], [], ['申請案件'], [...FORM_COLUMNS]];
  for (const f of forms)
    rows.push([f.statusLabel, f.kindLabel, f.title, periodLabel(f.start, f.end), f.duration, f.reason, formatRocDateTime(f.submittedAt)]);
  rows.push([], ['假別餘額'], [...BALANCE_COLUMNS]);
  for (const l of ledgers)
    rows.push([
      ledgerName(l.ledger),
      l.periodLabel,
      amountText(l.granted, l.unit),
      amountText(l.consumed, l.unit),
      amountText(l.reserved, l.unit),
      l.remainingText,
    ]);
  rows.push([], ['餘額明細'], [...LINE_COLUMNS]);
  for (const l of ledgers)
    for (const line of ledgerLines(l)) rows.push([ledgerName(l.ledger), l.periodLabel, line.date, line.kind, line.amount, line.note]);
  return toCsv(rows);
}

/** The file's name: `差假查詢-115年.csv`. */
export const csvFilename = (rocYear: number): string => `差假查詢-${rocYear}年.csv`;
