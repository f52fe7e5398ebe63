import type { Writable } from 'node:stream';
import { attendanceReportQuery, RECORDS_MAX_DAYS } from '@webitr/contracts';
import type { AttendanceReportQuery, AttendanceReportView, DayRecordView, ResultCountView } from '@webitr/contracts';
import { formatRocDate } from '@webitr/work-calendar';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { RESULT_LABEL } from '../../domain/attendance.ts';
import type { ResultCode } from '../../domain/attendance.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { agencyPeople } from '../shared/agency-people.ts';
import { calendarOf } from '../shared/calendar.ts';
import { dayRecords } from '../shared/day-records.ts';
import { datesBetween, periodOf } from '../shared/period.ts';
import { dateCell, writeWorkbook } from '../shared/spreadsheet.ts';

export const query = attendanceReportQuery;

/** The report's rows: a day of a person, without the raw punches. */
type ReportRow = AttendanceReportView['items'][number];

/** Results in the order the summary lists them (the days not over yet are counted as 未結算). */
const ORDER: readonly ResultCode[] = [
  'normal',
  'late',
  'early',
  'late-and-early',
  'missing-in',
  'missing-out',
  'absent',
  'on-leave',
  'official-outing',
  'business-trip',
  'closure',
  'not-in-service',
  'holiday',
  'special-day-off',
  'rest-day',
  'regular-day-off',
];
const PENDING = { code: 'pending', label: '未結算' };

/**
 * 出勤紀錄報表 (attendance managers): every person of a unit (or the whole
 * agency; those not separated) with each day of a period — 上班卡, 下班卡,
 * 出勤結果, leave covering it, 忘刷卡 corrections — the counts per result of
 * each person and in all, and the agency's calendar entries of the period.
 */
export async function execute(
  ctx: PunchCardIngestContext,
  actor: Actor,
  agencyId: string,
  q: AttendanceReportQuery,
): Promise<AttendanceReportView> {
  assertAttendanceManager(actor, agencyId);
  const { from, to } = periodOf(ctx, q, RECORDS_MAX_DAYS);
  const everyone = await agencyPeople(ctx, agencyId);
  const people = everyone.filter((p) => p.status !== 'separated' && (!q.unitId || p.unitId === q.unitId));
  const dates = datesBetween(from, to);
  const [rows, calendar] = await Promise.all([
    dayRecords(ctx, agencyId, people, dates, { punches: false }),
    Promise.all(dates.map(async (date) => ({ date, entries: await calendarOf(ctx, agencyId, date) }))),
  ]);
  const items: ReportRow[] = rows.map(({ punches: _punches, ...row }) => row);
  const byPerson = new Map<string, ReportRow[]>();
  for (const row of items) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
  return {
    from,
    to,
    unitId: q.unitId ?? null,
    unitName: q.unitId ? (everyone.find((p) => p.unitId === q.unitId)?.unitName ?? null) : null,
    items,
    people: people.map((p) => ({
      personId: p.personId,
      name: p.name,
      unitName: p.unitName ?? null,
      counts: countsOf(byPerson.get(p.personId) ?? []),
    })),
    summary: countsOf(items),
    calendar: calendar
      .filter((c) => c.entries.length > 0)
      .map((c) => ({
        date: c.date,
        entries: c.entries.map(({ kind, name, from, to }) => ({ kind, name, ...(from ? { from } : {}), ...(to ? { to } : {}) })),
      })),
  };
}

/** Days per result, in ORDER, only those that occur. */
export function countsOf(rows: readonly Pick<DayRecordView, 'result'>[]): ResultCountView[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.result?.code ?? PENDING.code, (counts.get(r.result?.code ?? PENDING.code) ?? 0) + 1);
  const known = [...ORDER.map((code) => ({ code, label: RESULT_LABEL[code] })), PENDING];
  return known.filter((k) => counts.has(k.code)).map((k) => ({ ...k, count: counts.get(k.code)! }));
}

// ── Files ───────────────────────────────────────────────────────────────────

/** `出勤紀錄-人事室-115-11-01至115-11-30` (全機關 when no unit): the file's name without extension. */
export const reportStem = (report: AttendanceReportView): string =>
  `出勤紀錄-${report.unitName ?? '全機關'}-${formatRocDate(report.from)}至${formatRocDate(report.to)}`;

const COLUMNS = ['日期', '西元日期', '姓名', '單位', '上班卡', '下班卡', '出勤結果', '遲到分鐘', '早退分鐘', '差假', '忘刷卡'] as const;

/** A row's cells: the ROC date as text and the ISO date beside it, what covers and corrects the day in words. */
function cells(row: ReportRow): (string | number)[] {
  return [
    row.label,
    row.date,
    row.name,
    row.unitName ?? '',
    row.in ?? '',
    row.out ?? '',
    row.result?.label ?? PENDING.label,
    row.lateMinutes,
    row.earlyMinutes,
    row.forms.map((f) => f.title).join('、'),
    row.corrections.map((c) => `${c.directionLabel} ${c.time} ${c.statusLabel}`).join('、'),
  ];
}

/** The summary's table: one line per person with their counts, then the totals. */
function summaryTable(report: AttendanceReportView): (string | number)[][] {
  const codes = report.summary.map((s) => s.code);
  const countIn = (counts: readonly ResultCountView[], code: string) => counts.find((c) => c.code === code)?.count ?? 0;
  return [
    ['姓名', '單位', ...report.summary.map((s) => s.label)],
    ...report.people.map((p) => [p.name, p.unitName ?? '', ...codes.map((code) => countIn(p.counts, code))]),
    ['合計', '', ...report.summary.map((s) => s.count)],
  ];
}

/** The report as CSV (UTF-8 with a BOM so Excel reads it as such): the days, a blank line, then the counts. */
export function toCsv(report: AttendanceReportView): string {
  const cell = (v: string | number) => {
    const s = String(v);
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const rows = [[...COLUMNS], ...report.items.map(cells), [], ...summaryTable(report)];
  return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The report as XLSX, written to `out` as it goes: sheet 出勤紀錄 with the
 * days (the ROC date as text, the ISO date as a date cell beside it), sheet
 * 統計 with the counts.
 */
export function writeXlsx(report: AttendanceReportView, out: Writable): Promise<void> {
  const widths = [16, 12, 10, 12, 8, 8, 12, 9, 9, 14, 22];
  const table = summaryTable(report);
  return writeWorkbook(out, [
    {
      name: '出勤紀錄',
      columns: COLUMNS.map((header, i) => ({ header, width: widths[i]!, ...(i === 1 ? { numFmt: 'yyyy-mm-dd' } : {}) })),
      rows: report.items.map((row) => {
        const values: (string | number | Date)[] = cells(row);
        values[1] = dateCell(row.date);
        return values;
      }),
    },
    { name: '統計', columns: table[0]!.map((header, i) => ({ header: String(header), width: i < 2 ? 12 : 10 })), rows: table.slice(1) },
  ]);
}
