import { addDays, ROC_YEAR_OFFSET } from '@webitr/work-calendar';
import type { IsoDate } from '@webitr/work-calendar';
import type { Period } from './rules/types.ts';

/**
 * The period a balance runs over, as a key: `2024` (calendar year), `SY113`
 * (school year 113: 2024-08-01 – 2025-07-31), `EV2024-05-01-parent` (one event:
 * a marriage, a birth, a death), `ALL` (comp time, which expires by grant).
 */
export type PeriodKey = string;

/** The school year (學年) a date falls in, as its ROC year: 2024-08-01 … 2025-07-31 is 113. */
export function schoolYearOf(date: IsoDate): number {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return (month >= 8 ? year : year - 1) - ROC_YEAR_OFFSET;
}

export function periodKeyOf(period: Period, date: IsoDate, event?: { date: IsoDate; qualifier?: string | undefined }): PeriodKey {
  switch (period) {
    case 'calendar-year':
      return date.slice(0, 4);
    case 'school-year':
      return `SY${schoolYearOf(date)}`;
    case 'event':
      if (!event) throw new Error('an event period needs the event date');
      return `EV${event.date}${event.qualifier ? `-${event.qualifier}` : ''}`;
    case 'none':
      return 'ALL';
  }
}

/** The dates a period covers (events and ALL: unbounded). */
export function periodRange(key: PeriodKey): { from: IsoDate; to: IsoDate } | undefined {
  if (/^\d{4}$/.test(key)) return { from: `${key}-01-01`, to: `${key}-12-31` };
  const sy = /^SY(\d+)$/.exec(key);
  if (sy) {
    const year = Number(sy[1]) + ROC_YEAR_OFFSET;
    return { from: `${year}-08-01`, to: `${year + 1}-07-31` };
  }
  return undefined;
}

/** The month a date falls in, first and last date. */
export function monthOf(date: IsoDate): { from: IsoDate; to: IsoDate } {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { from: `${date.slice(0, 7)}-01`, to: addDays(next, -1) };
}

/** How a balance label names its period: `休假 剩餘: 7日0小時(學年)`. */
export const periodWord = (period: Period): '年' | '學年' | '' =>
  period === 'calendar-year' ? '年' : period === 'school-year' ? '學年' : '';

/** `2024` → `113年`, `SY113` → `113學年`, event → `事件 113-05-01`. */
export function periodLabel(key: PeriodKey): string {
  if (/^\d{4}$/.test(key)) return `${Number(key) - ROC_YEAR_OFFSET}年`;
  const sy = /^SY(\d+)$/.exec(key);
  if (sy) return `${sy[1]}學年`;
  const ev = /^EV(\d{4})-(\d{2})-(\d{2})/.exec(key);
  if (ev) return `${Number(ev[1]) - ROC_YEAR_OFFSET}-${ev[2]}-${ev[3]}事件`;
  return '不分期間';
}

/** The calendar year a period's allocation is computed for (seniority, proration). */
export function allocationYearOf(key: PeriodKey): number | undefined {
  if (/^\d{4}$/.test(key)) return Number(key);
  const sy = /^SY(\d+)$/.exec(key);
  if (sy) return Number(sy[1]) + ROC_YEAR_OFFSET;
  return undefined;
}
