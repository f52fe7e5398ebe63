import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { dateField } from '@webitr/work-calendar';
import type { DayRecordView } from '@webitr/contracts';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { agencyPeople } from '../shared/agency-people.ts';
import { anomaliesOf, recordPersonOf } from '../shared/day-records.ts';
import type { RecordPerson } from '../shared/day-records.ts';
import { personOf } from '../shared/people.ts';
import { datesBetween, periodOf } from '../shared/period.ts';
import { dateCell } from '../shared/spreadsheet.ts';
import type { Sheet } from '../shared/spreadsheet.ts';

export const query = z.object({
  from: dateField('起日').optional(),
  to: dateField('迄日').optional(),
  unitId: z.string().min(1).max(64).optional().meta({ title: '單位' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').meta({ title: '格式' }),
});
export type Query = z.infer<typeof query>;

/** A period of at most a year (from a date to the same date a year on), the last 31 days by default. */
const MAX_DAYS = 367;

/** At most this many anomalies are listed. */
const MAX_ITEMS = 10_000;

/**
 * 出勤異常: the anomalies (遲到, 早退, 未刷上班卡, 未刷下班卡, 曠職) of a period,
 * mine (`personId` = me) or the agency's for its attendance managers
 * (optionally one unit; people not separated), as JSON, or CSV or XLSX for a
 * spreadsheet. Judged as 刷卡資料 and the report judge a day (dayRecords): a
 * workday with no punch and no form is 曠職 here too, whether or not anyone
 * has looked at it before — the people a personnel officer most needs to see
 * are the ones who never signed in (on a day they were in service: before
 * 到職日 or during 留職停薪 such a day is 未在職).
 */
export async function execute(
  ctx: PunchCardIngestContext,
  actor: Actor,
  scope: { personId: string } | { agencyId: string },
  q: Query,
): Promise<{ kind: 'json'; body: unknown } | { kind: 'csv'; body: string } | { kind: 'xlsx'; sheet: Sheet }> {
  if ('agencyId' in scope) assertAttendanceManager(actor, scope.agencyId);
  else if (scope.personId !== actor.sub) throw new ForbiddenError();
  const { from, to } = periodOf(ctx, q, MAX_DAYS);
  const { agencyId, people } = await peopleOf(ctx, actor, scope, q);
  const dates = datesBetween(from, to);
  // Each anomaly kept as its list item only (not the whole record): a year of a large agency may hold 100,000.
  const found = await anomaliesOf(ctx, agencyId, people, dates, itemOf);
  // By date; within a date as a roll reads (unit, then name: the order dayRecords keeps, and the sort is stable).
  found.sort((a, b) => a.date.localeCompare(b.date));
  const items = found.slice(0, MAX_ITEMS);
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

/** An anomaly as the list shows it. */
function itemOf(d: DayRecordView) {
  return {
    personId: d.personId,
    name: d.name,
    unitId: d.unitId,
    unitName: d.unitName,
    date: d.date,
    label: d.label,
    in: d.in,
    out: d.out,
    result: d.result!,
    lateMinutes: d.lateMinutes,
    earlyMinutes: d.earlyMinutes,
  };
}

/** Whose days: the agency's people as the directory lists them (one unit, if asked), or me. */
async function peopleOf(
  ctx: PunchCardIngestContext,
  actor: Actor,
  scope: { personId: string } | { agencyId: string },
  q: Query,
): Promise<{ agencyId: string; people: RecordPerson[] }> {
  if ('agencyId' in scope) {
    const everyone = await agencyPeople(ctx, scope.agencyId);
    return {
      agencyId: scope.agencyId,
      people: everyone.filter((p) => p.status !== 'separated' && (!q.unitId || p.unitId === q.unitId)),
    };
  }
  const me = await personOf(ctx, scope.personId);
  const person = recordPersonOf(scope.personId, me);
  return { agencyId: me?.agencyId ?? actor.agencyId, people: q.unitId && q.unitId !== me?.unitId ? [] : [person] };
}
