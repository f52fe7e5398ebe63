import { z } from 'zod';
import { ForbiddenError, InputError } from '@webitr/platform';
import { addDays, dateField, formatRocDateWithWeekday, taipeiLocal } from '@webitr/work-calendar';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { dateCell } from '../shared/spreadsheet.ts';
import type { Sheet } from '../shared/spreadsheet.ts';

export const query = z.object({
  from: dateField('起日').optional(),
  to: dateField('迄日').optional(),
  unitId: z.string().min(1).max(64).optional().meta({ title: '單位' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').meta({ title: '格式' }),
});
export type Query = z.infer<typeof query>;

/** A period of at most a year, the last 31 days by default. */
function periodOf(ctx: PunchCardIngestContext, q: Query): { from: string; to: string } {
  const to = q.to ?? taipeiLocal(ctx.clock()).date;
  const from = q.from ?? addDays(to, -30);
  if (from > to)
    throw new InputError({
      code: 'PERIOD_INVALID',
      detail: '起日不得晚於迄日',
      fields: [{ field: 'query.from', code: 'after_to', message: '起日：不得晚於迄日' }],
    });
  if (addDays(from, 366) < to)
    throw new InputError({
      code: 'PERIOD_TOO_LONG',
      detail: '查詢期間至多一年',
      fields: [{ field: 'query.to', code: 'too_long', message: '迄日：查詢期間至多一年' }],
    });
  return { from, to };
}

/**
 * 出勤異常: the anomalies (遲到, 早退, 未刷上班卡, 未刷下班卡, 曠職) of a period,
 * mine (`personId` = me) or the agency's for its attendance managers
 * (optionally one unit), as JSON, or CSV or XLSX for a spreadsheet.
 */
export async function execute(
  ctx: PunchCardIngestContext,
  actor: Actor,
  scope: { personId: string } | { agencyId: string },
  q: Query,
): Promise<{ kind: 'json'; body: unknown } | { kind: 'csv'; body: string } | { kind: 'xlsx'; sheet: Sheet }> {
  if ('agencyId' in scope) assertAttendanceManager(actor, scope.agencyId);
  else if (scope.personId !== actor.sub) throw new ForbiddenError();
  const { from, to } = periodOf(ctx, q);
  const filter: Record<string, unknown> = { anomaly: true, date: { $gte: from, $lte: to } };
  if ('agencyId' in scope) filter.agencyId = scope.agencyId;
  else filter.personId = scope.personId;
  if (q.unitId) filter.unitId = q.unitId;
  const days = await ctx.models.days.find(filter).sort({ date: 1, personId: 1 }).limit(10_000).lean();
  const people = new Map(
    (await ctx.models.people.find({ _id: { $in: [...new Set(days.map((d) => d.personId))] } }).lean()).map((p) => [p._id, p]),
  );
  const items = days.map((d) => ({
    personId: d.personId,
    name: people.get(d.personId)?.name ?? '',
    unitId: d.unitId ?? null,
    unitName: people.get(d.personId)?.unitName ?? null,
    date: d.date,
    label: formatRocDateWithWeekday(d.date),
    in: d.result?.in ?? null,
    out: d.result?.out ?? null,
    result: { code: d.result!.code, label: d.result!.label },
    lateMinutes: d.result?.lateMinutes ?? 0,
    earlyMinutes: d.result?.earlyMinutes ?? 0,
  }));
  if (q.format === 'json') return { kind: 'json', body: { from, to, items } };
  const header = ['日期', '姓名', '單位', '上班卡', '下班卡', '出勤結果', '遲到分鐘', '早退分鐘'];
  if (q.format === 'xlsx')
    return {
      kind: 'xlsx',
      sheet: {
        name: '出勤異常',
        columns: [
          ...header.map((h, i) => ({ header: h, width: [16, 10, 12, 8, 8, 12, 9, 9][i]! })),
          { header: '西元日期', width: 12, numFmt: 'yyyy-mm-dd' },
        ],
        rows: items.map((i) => [
          i.label,
          i.name,
          i.unitName ?? '',
          i.in ?? '',
          i.out ?? '',
          i.result.label,
          i.lateMinutes,
          i.earlyMinutes,
          dateCell(i.date),
        ]),
      },
    };
  const cell = (v: string | number | null) => {
    const s = String(v ?? '');
    // Quote what needs it; a leading =, +, - or @ would be a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const rows = [header, ...items.map((i) => [i.label, i.name, i.unitName, i.in, i.out, i.result.label, i.lateMinutes, i.earlyMinutes])];
  // A BOM so Excel opens the UTF-8 file as such.
  return { kind: 'csv', body: '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n' };
}
