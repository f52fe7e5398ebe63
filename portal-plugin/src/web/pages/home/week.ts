// The home page's week (seed 002, 差勤狀況): one row per day, Monday to
// Sunday, with what was applied for that day; the punch columns only when
// the answer carries punches (the punch service comes later).
import type { CalendarDate } from '@internationalized/date';
import { parseDate } from '@internationalized/date';
import { formatRocDate, formatTaipeiTime, taipeiDate, weekOf } from '../../lib/dates.ts';

/** An item of GET /api/leave/records (services/leave/src/usecases/shared/views.ts formView), the fields the week reads. */
export interface RecordItem {
  id: string;
  title: string;
  start: string;
  end: string;
  statusLabel?: string;
}

/** A day's punches, if the answer has them: 上班卡, 下班卡, 出勤結果. */
export interface DayPunches {
  date: string;
  clockIn?: string;
  clockOut?: string;
  result?: string;
}

export interface RecordsAnswer {
  items: RecordItem[];
  punches?: DayPunches[];
}

export interface WeekRow {
  date: string;
  /** `115-11-26 (四)` */
  label: string;
  records: string[];
  punches?: DayPunches;
}

/** What a form shows on a day it touches: `事假 08:00~17:00` on a one-day form, the title alone on the days of a longer one. */
export function recordOn(day: CalendarDate, item: RecordItem): string | undefined {
  const first = taipeiDate(item.start);
  const last = taipeiDate(item.end);
  if (day.compare(first) < 0 || day.compare(last) > 0) return undefined;
  return first.compare(last) === 0 ? `${item.title} ${formatTaipeiTime(item.start)}~${formatTaipeiTime(item.end)}` : item.title;
}

export function weekRows(days: readonly CalendarDate[], answer: RecordsAnswer | undefined): WeekRow[] {
  return days.map((day) => {
    const date = day.toString();
    const punches = answer?.punches?.find((p) => p.date === date);
    return {
      date,
      label: formatRocDate(day),
      records: (answer?.items ?? []).flatMap((item) => recordOn(day, item) ?? []),
      ...(punches ? { punches } : {}),
    };
  });
}

/** The punch columns appear only when the service answers with punches. */
export const hasPunches = (answer: RecordsAnswer | undefined): boolean => Array.isArray(answer?.punches);

/** The Monday of the week asked for in the URL (?week=2026-11-23), or of this week in Taipei. */
export function weekFrom(param: string | null, today: CalendarDate): CalendarDate[] {
  let day = today;
  if (param && /^\d{4}-\d{2}-\d{2}$/.test(param)) {
    try {
      day = parseDate(param);
    } catch {
      day = today;
    }
  }
  return weekOf(day);
}
