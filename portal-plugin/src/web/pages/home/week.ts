// The home page's week (seed 002, 差勤狀況): one row per day, Monday to
// Sunday, with what was applied for that day (the leave service) and, when
// the punch service answered, 上班卡 / 下班卡 / 出勤結果 merged by date.
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

/** A day's punches, if the answer has them: 上班卡, 下班卡, 出勤結果 (休息日 and 例假日 are results too). */
export interface DayPunches {
  date: string;
  clockIn?: string;
  clockOut?: string;
  result?: string;
  /** 遲到, 早退, 未刷上班卡, 未刷下班卡, 曠職: shown as an anomaly (出勤異常). */
  anomaly?: boolean;
}

/** GET /api/attendance/me/week (services/punch-card-ingest, get-my-week), the fields the week reads. */
export interface AttendanceWeek {
  from: string;
  to: string;
  days: { date: string; in: string | null; out: string | null; result: { code: string; label: string } | null; anomaly?: boolean }[];
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

/**
 * The leave records with the punch service's week merged in by date. Without
 * a week (the punch service has not answered, or failed) the records stay as
 * they are, so the punch columns do not appear; without records (the leave
 * service failed) the punches still show.
 */
export function withPunches(records: RecordsAnswer | undefined, week: AttendanceWeek | undefined): RecordsAnswer | undefined {
  if (!week) return records;
  const punches = week.days.map((d) => ({
    date: d.date,
    ...(d.in ? { clockIn: d.in } : {}),
    ...(d.out ? { clockOut: d.out } : {}),
    ...(d.result ? { result: d.result.label } : {}),
    ...(d.anomaly ? { anomaly: true } : {}),
  }));
  return { items: records?.items ?? [], punches };
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
