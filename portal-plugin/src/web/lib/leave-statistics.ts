// 差勤統計報表: the leave service's address for a unit (or the agency) and
// period — JSON for the page, CSV or XLSX as a download link — and the
// default period. Pure: tested in test/leave-statistics.test.ts.
import type { CalendarDate } from '@internationalized/date';
import type { LeaveStatisticsView } from '@webitr/contracts/views/leave';
import { withQuery } from '../api/client.ts';

export interface StatisticsFilter {
  from: string;
  to: string;
  unitId?: string | undefined;
}

export function statisticsUrl(agencyId: string, q: StatisticsFilter, format?: 'csv' | 'xlsx'): string {
  return withQuery(`/api/leave/agencies/${encodeURIComponent(agencyId)}/statistics`, {
    from: q.from,
    to: q.to,
    ...(q.unitId ? { unitId: q.unitId } : {}),
    ...(format ? { format } : {}),
  });
}

/** This month up to today (Taipei): what a personnel office reports first. */
export const thisMonth = (today: CalendarDate): StatisticsFilter => ({ from: today.set({ day: 1 }).toString(), to: today.toString() });

/** The chart's bars: each column's total in the period (leave types, then overtime). */
export const columnBars = (view: LeaveStatisticsView): { key: string; label: string; value: number; text: string }[] =>
  view.columns.map((c) => {
    const a = view.total.amounts[c.key];
    return { key: c.key, label: c.label, value: a?.minutes ?? 0, text: a?.text ?? '' };
  });
