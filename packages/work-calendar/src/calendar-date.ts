/**
 * Dates as people in Taiwan's agencies read them: the ROC calendar (民國),
 * `113-08-20 (二)`, where year 113 is 2024. Internally a date is an ISO
 * `YYYY-MM-DD` string and an instant a Date; Asia/Taipei has had no daylight
 * saving time since 1979, so local time is UTC+08:00 for every date we handle.
 */
export type IsoDate = string;
export const ROC_YEAR_OFFSET = 1911;
export const TAIPEI_OFFSET = '+08:00';
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'] as const;

/** `2024-08-20` → `113-08-20` */
export function formatRocDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${Number(year) - ROC_YEAR_OFFSET}-${month}-${day}`;
}

/** Day of week, 0 = Sunday (日) … 6 = Saturday (六). */
export const weekdayOf = (date: IsoDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** `2024-08-20` → `113-08-20 (二)`, as the home page and forms show it. */
export const formatRocDateWithWeekday = (date: IsoDate): string => `${formatRocDate(date)} (${WEEKDAYS[weekdayOf(date)]})`;

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function* datesBetween(from: IsoDate, to: IsoDate): Generator<IsoDate> {
  for (let d = from; d <= to; d = addDays(d, 1)) yield d;
}

/** Minutes after local midnight: `08:00` → 480. */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** The instant of a local date and time in Taipei. */
export const taipeiInstant = (date: IsoDate, time: string): Date => new Date(`${date}T${time}:00${TAIPEI_OFFSET}`);

/** The Taipei local date and minutes-of-day of an instant. */
export function taipeiLocal(instant: Date): { date: IsoDate; minutes: number } {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return { date: shifted.toISOString().slice(0, 10), minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}
