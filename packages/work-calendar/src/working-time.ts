import { datesBetween, minutesOfDay, taipeiLocal, weekdayOf } from './calendar-date.ts';
import type { IsoDate } from './calendar-date.ts';

/**
 * Working time: how many working minutes a request covers, from the person's
 * schedule group (差勤組別) and the calendar, in Asia/Taipei.
 */

/** A daily schedule, e.g. 08:00–17:15 with lunch 12:00–13:15 (8 hours a day). */
export interface WorkSchedule {
  id: string;
  name: string;
  start: string;
  end: string;
  breaks: readonly { start: string; end: string }[];
}

/**
 * What the calendar says about one date for one agency:
 * - holiday: national holiday (國定假日) — no work;
 * - makeup-workday: a Saturday made a workday (補行上班);
 * - special-day-off: an agency's special day (特殊節日登記), e.g. a school anniversary;
 * - closure: work stopped (停止上班上課, typhoon), all day or from/to a time.
 */
export type CalendarEntryKind = 'holiday' | 'makeup-workday' | 'special-day-off' | 'closure';
export interface CalendarEntry {
  date: IsoDate;
  kind: CalendarEntryKind;
  name: string;
  /** Closures only: the part of the day without work; whole day when absent. */
  from?: string;
  to?: string;
}

/** 上班日 / 休息日 (Saturday) / 例假日 (Sunday) / 國定假日 / 機關特殊節日 */
export type DayKind = 'workday' | 'rest-day' | 'regular-day-off' | 'holiday' | 'special-day-off';

export const DAY_KIND_LABEL: Record<DayKind, string> = {
  workday: '上班日',
  'rest-day': '休息日',
  'regular-day-off': '例假日',
  holiday: '國定假日',
  'special-day-off': '特殊節日',
};

export function dayKind(date: IsoDate, entries: readonly CalendarEntry[]): DayKind {
  const on = entries.filter((e) => e.date === date);
  if (on.some((e) => e.kind === 'holiday')) return 'holiday';
  if (on.some((e) => e.kind === 'special-day-off')) return 'special-day-off';
  if (on.some((e) => e.kind === 'makeup-workday')) return 'workday';
  const weekday = weekdayOf(date);
  if (weekday === 6) return 'rest-day';
  if (weekday === 0) return 'regular-day-off';
  return 'workday';
}

type Span = readonly [number, number];

/** Remove `cut` from every span in `spans`. */
function subtract(spans: Span[], cut: Span): Span[] {
  return spans.flatMap(([a, b]): Span[] => {
    const [c, d] = cut;
    if (d <= a || c >= b) return [[a, b]];
    return [...(c > a ? [[a, c] as Span] : []), ...(d < b ? [[d, b] as Span] : [])];
  });
}

/** The working spans of a date, in minutes of the day: schedule less breaks less closures. */
export function workingSpans(date: IsoDate, schedule: WorkSchedule, entries: readonly CalendarEntry[]): Span[] {
  if (dayKind(date, entries) !== 'workday') return [];
  let spans: Span[] = [[minutesOfDay(schedule.start), minutesOfDay(schedule.end)]];
  for (const b of schedule.breaks) spans = subtract(spans, [minutesOfDay(b.start), minutesOfDay(b.end)]);
  for (const closure of entries.filter((e) => e.date === date && e.kind === 'closure')) {
    spans = subtract(spans, [closure.from ? minutesOfDay(closure.from) : 0, closure.to ? minutesOfDay(closure.to) : 24 * 60]);
  }
  return spans;
}

const total = (spans: readonly Span[]) => spans.reduce((sum, [a, b]) => sum + (b - a), 0);

/** The working minutes of a full workday of this schedule: 480 for 08:00–17:15 with a 75-minute lunch. */
export const minutesPerDay = (schedule: WorkSchedule): number => total(workingSpans('2024-01-03', schedule, [])); // any ordinary Wednesday

export interface WorkingTime {
  minutes: number;
  /** Working minutes per date, only dates with some. */
  days: { date: IsoDate; minutes: number }[];
}

/** Working minutes between two instants: the part of each date's working spans inside [start, end). */
export function workingTimeBetween(start: Date, end: Date, schedule: WorkSchedule, entries: readonly CalendarEntry[]): WorkingTime {
  if (end <= start) return { minutes: 0, days: [] };
  const from = taipeiLocal(start);
  const to = taipeiLocal(end);
  const days: WorkingTime['days'] = [];
  for (const date of datesBetween(from.date, to.date)) {
    const lower = date === from.date ? from.minutes : 0;
    const upper = date === to.date ? to.minutes : 24 * 60;
    const minutes = total(
      workingSpans(date, schedule, entries)
        .map(([a, b]): Span => [Math.max(a, lower), Math.min(b, upper)])
        .filter(([a, b]) => b > a),
    );
    if (minutes > 0) days.push({ date, minutes });
  }
  return { minutes: days.reduce((sum, d) => sum + d.minutes, 0), days };
}

/** Calendar days touched by [start, end), for leave counted in calendar days (娩假 counts weekends). */
export function calendarDaysBetween(start: Date, end: Date): number {
  if (end <= start) return 0;
  const from = taipeiLocal(start).date;
  const to = taipeiLocal(new Date(end.getTime() - 1)).date;
  return [...datesBetween(from, to)].length;
}

/**
 * A duration as the seed shows it: `1日0小時` (a day is the schedule's working
 * day), with minutes only when there are some: `0日1小時30分`.
 */
export function formatDuration(minutes: number, dayMinutes: number): string {
  const days = Math.floor(minutes / dayMinutes);
  const rest = minutes - days * dayMinutes;
  const hours = Math.floor(rest / 60);
  const mins = rest - hours * 60;
  return `${days}日${hours}小時${mins ? `${mins}分` : ''}`;
}
