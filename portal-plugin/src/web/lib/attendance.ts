// 刷卡資料 and the attendance reports: the addresses the pages ask (and link
// to for downloads), and what a day row says in words. Pure: tested in
// test/attendance-records.test.ts.
import type { CalendarDate } from '@internationalized/date';
import type { AgencyPunchRecordsQueryInput, RecordFilter } from '@webitr/contracts/forms/attendance';
import type { DayRecordView } from '@webitr/contracts/views/attendance';
import { withQuery } from '../api/client.ts';

const agencyPath = (agencyId: string, rest: string) => `/api/attendance/agencies/${encodeURIComponent(agencyId)}/${rest}`;

/** The services' default period: the last 31 days up to today (Taipei). */
export const defaultPeriod = (today: CalendarDate): { from: string; to: string } => ({
  from: today.subtract({ days: 30 }).toString(),
  to: today.toString(),
});

/** My 刷卡資料 of a period. */
export const myRecordsUrl = (from: string, to: string): string => withQuery('/api/attendance/me/punch-records', { from, to });

/** The agency's 刷卡資料 (attendance managers): a search by 姓名/卡號, unit, filter, page. */
export function agencyRecordsUrl(agencyId: string, q: AgencyPunchRecordsQueryInput & { filter?: RecordFilter }): string {
  return withQuery(agencyPath(agencyId, 'punch-records'), {
    from: q.from,
    to: q.to,
    ...(q.q ? { q: q.q } : {}),
    ...(q.unitId ? { unitId: q.unitId } : {}),
    ...(q.filter && q.filter !== 'all' ? { filter: q.filter } : {}),
    ...(q.page && Number(q.page) > 1 ? { page: Number(q.page) } : {}),
    ...(q.pageSize ? { pageSize: Number(q.pageSize) } : {}),
  });
}

/** 出勤紀錄報表 of a unit (or the agency) and period: JSON for the page, CSV or XLSX to download. */
export function reportUrl(agencyId: string, q: { from: string; to: string; unitId?: string | undefined }, format?: 'csv' | 'xlsx'): string {
  return withQuery(agencyPath(agencyId, 'attendance-report'), {
    from: q.from,
    to: q.to,
    ...(q.unitId ? { unitId: q.unitId } : {}),
    ...(format ? { format } : {}),
  });
}

/** 差假申請's 忘刷卡 form for the day, prefilled with the date and the punch missing (上班卡 when both are). */
export function forgottenPunchLink(day: Pick<DayRecordView, 'date' | 'missing'>): string {
  return withQuery('/leave/apply', { form: 'forgotten-punch', date: day.date, direction: day.missing === 'out' ? 'out' : 'in' });
}

/** May this person ask to correct the day? A punch is missing and no form for it waits for approval. */
export const mayCorrect = (day: Pick<DayRecordView, 'missing' | 'correction'>): boolean =>
  day.missing !== null && day.correction !== 'requested';

/** `07:50 上班（卡檔）` */
export const punchText = (p: DayRecordView['punches'][number]): string => `${p.time}${p.kind ? ` ${p.kind}` : ''}（${p.channelLabel}）`;

/** 遲到 12 分鐘、早退 5 分鐘 beside the result. */
export function minutesText(d: Pick<DayRecordView, 'lateMinutes' | 'earlyMinutes'>): string {
  return [d.lateMinutes > 0 ? `遲到 ${d.lateMinutes} 分鐘` : '', d.earlyMinutes > 0 ? `早退 ${d.earlyMinutes} 分鐘` : '']
    .filter(Boolean)
    .join('、');
}

/** The first and last day of a month (`2026`, 11 → 2026-11-01, 2026-11-30). */
export function monthRange(year: number, month: number): { from: string; to: string } {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}
