import type { Writable } from 'node:stream';
import { ForbiddenError, InputError } from '@webitr/platform';
import { csvDocument, writeWorkbook } from '@webitr/platform/spreadsheet';
import { leaveStatisticsQuery, rolesAllow, STATISTICS_MAX_DAYS } from '@webitr/contracts';
import type { FormKind, LeaveStatisticsLineView, LeaveStatisticsQuery, LeaveStatisticsView } from '@webitr/contracts';
import { addDays, formatRocDate } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import type { Actor, LeaveContext } from '../../context.ts';
import { tally } from '../../domain/statistics.ts';
import type { CountedForm } from '../../domain/statistics.ts';
import type { FormStatus } from '../../domain/form.ts';
import type { FormDoc } from '../../models/form.ts';
import { periodFilter } from '../shared/form-queries.ts';

export const query = leaveStatisticsQuery;
export type Query = LeaveStatisticsQuery;

/** Approved forms count; one whose 撤銷 is asked is still approved until the cancellation is decided. */
const COUNTED_STATUSES: FormStatus[] = ['approved', 'cancel-requested'];
/** 出國或赴大陸 is a declaration, not an absence. */
const NOT_COUNTED_TYPES = new Set(['abroad']);

/**
 * 差勤、加班統計報表 (attendance managers of the agency, system administrators:
 * `view-leave-reports` in the directory's permission table): one read of the
 * agency's approved leave, comp-time and overtime forms overlapping the
 * period — only the fields the sums need, no join (FerretDB has no
 * `$lookup`) — added up per person, per unit and in all (domain/statistics.ts).
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, q: Query): Promise<LeaveStatisticsView> {
  if (!rolesAllow(actor.roles, 'view-leave-reports', agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅本機關差勤管理者可產製差勤統計報表' });
  checkPeriod(q.from, q.to);
  const forms = await ctx.models.forms
    .find(
      {
        agencyId,
        ...(q.unitId ? { unitId: q.unitId } : {}),
        ...periodFilter(q),
        status: { $in: COUNTED_STATUSES },
        kind: { $in: ['leave', 'comp-time', 'overtime'] as FormKind[] },
      },
      {
        kind: 1,
        applicantId: 1,
        applicantName: 1,
        unitId: 1,
        unitName: 1,
        leaveType: 1,
        leaveTypeName: 1,
        overtime: 1,
        minutes: 1,
        days: 1,
      },
    )
    .lean<
      Pick<
        FormDoc,
        'kind' | 'applicantId' | 'applicantName' | 'unitId' | 'unitName' | 'leaveType' | 'leaveTypeName' | 'overtime' | 'minutes' | 'days'
      >[]
    >();
  const counted: CountedForm[] = forms
    .filter((f) => !(f.leaveType && NOT_COUNTED_TYPES.has(f.leaveType)))
    .map((f) => ({
      kind: f.kind as CountedForm['kind'],
      applicantId: f.applicantId,
      applicantName: f.applicantName,
      unitId: f.unitId,
      unitName: f.unitName,
      leaveType: f.leaveType,
      leaveTypeName: f.leaveTypeName,
      compensation: f.overtime?.compensation,
      minutes: f.minutes,
      days: f.days ?? [],
    }));
  const result = tally(counted, q.from, q.to);
  const unitName = q.unitId ? (forms.find((f) => f.unitId === q.unitId)?.unitName ?? null) : null;
  return { agencyId, from: q.from, to: q.to, unitId: q.unitId ?? null, unitName, ...result };
}

/** 迄日 not before 起日, and at most a year: the errors name the field as the form does. */
function checkPeriod(from: IsoDate, to: IsoDate): void {
  const refuse = (message: string) =>
    new InputError({ detail: `迄日：${message}`, fields: [{ field: 'query.to', label: '迄日', code: 'invalid', message }] });
  if (to < from) throw refuse('迄日不得早於起日');
  if (addDays(from, STATISTICS_MAX_DAYS - 1) < to) throw refuse(`統計期間最長 ${STATISTICS_MAX_DAYS} 日`);
}

// ── Files ───────────────────────────────────────────────────────────────────

/** `差勤統計-教務處-115-10-01至115-10-31` (全機關 without a unit): the file's name without its extension. */
export const statisticsStem = (view: LeaveStatisticsView): string =>
  `差勤統計-${view.unitName ?? '全機關'}-${formatRocDate(view.from)}至${formatRocDate(view.to)}`;

/**
 * A table of lines: 姓名 (or 單位), 單位, then per column its hours in minutes
 * and its text, then the leave and overtime totals. Minutes as numbers so a
 * spreadsheet adds them up; the text as the page shows it.
 */
function table(view: LeaveStatisticsView, lines: readonly LeaveStatisticsLineView[], first: string): (string | number)[][] {
  const header = [
    first,
    '單位',
    ...view.columns.flatMap((c) => [`${c.label}（件）`, `${c.label}（分鐘）`, c.label]),
    '請假合計（分鐘）',
    '請假合計',
    '加班合計（分鐘）',
    '加班合計',
  ];
  const row = (line: LeaveStatisticsLineView) => [
    line.name,
    line.unitName ?? '',
    ...view.columns.flatMap((c) => {
      const a = line.amounts[c.key];
      return [a?.count ?? 0, a?.minutes ?? 0, a?.text ?? ''];
    }),
    line.leave.minutes,
    line.leave.text,
    line.overtime.minutes,
    line.overtime.text,
  ];
  return [header, ...lines.map(row), row({ ...view.total, name: '合計' })];
}

/** The statistics as CSV: the period, the per-person table, a blank line, the per-unit table. */
export function toCsv(view: LeaveStatisticsView): string {
  return csvDocument([
    [`差勤、加班統計 ${view.unitName ?? '全機關'} ${formatRocDate(view.from)} 至 ${formatRocDate(view.to)}`],
    ...table(view, view.people, '姓名'),
    [],
    ...table(view, view.units, '單位名稱'),
  ]);
}

/** The statistics as XLSX written to `out` as it goes: sheet 個人統計 and sheet 單位統計. */
export function writeXlsx(view: LeaveStatisticsView, out: Writable): Promise<void> {
  const sheet = (name: string, rows: (string | number)[][]) => ({
    name,
    columns: rows[0]!.map((header, i) => ({ header: String(header), width: i < 2 ? 14 : 12 })),
    rows: rows.slice(1),
  });
  return writeWorkbook(out, [sheet('個人統計', table(view, view.people, '姓名')), sheet('單位統計', table(view, view.units, '單位名稱'))]);
}
