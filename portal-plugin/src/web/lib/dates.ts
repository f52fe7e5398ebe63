// Dates as people here read them: Taipei's calendar day whatever the
// browser's time zone, the 民國 (ROC) year, and the weekday:
// `115-11-26 (四)`, `115-11-26 (四) 08:00`. @internationalized/date does the
// calendar and time-zone work; nothing here adds hours by hand.
import { CalendarDate, TaiwanCalendar, fromAbsolute, getDayOfWeek, parseDate, toCalendar, toCalendarDate } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';

export const TAIPEI = 'Asia/Taipei';
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const taiwan = new TaiwanCalendar();

const pad = (n: number) => String(n).padStart(2, '0');
const instantOf = (value: string | Date | number): number => (value instanceof Date ? value.getTime() : new Date(value).getTime());

/** 0 for Sunday … 6 for Saturday (en-US weeks start on Sunday, so the index matches WEEKDAYS). */
export const weekdayIndex = (date: DateValue): number => getDayOfWeek(date, 'en-US');

/** 四 for a Thursday. */
export const weekdayName = (date: DateValue): string => WEEKDAYS[weekdayIndex(date)]!;

/** A calendar day (`2026-11-26` or a CalendarDate) as `115-11-26 (四)`. */
export function formatRocDate(date: string | DateValue): string {
  const day = typeof date === 'string' ? parseDate(date) : toCalendarDate(date);
  const roc = toCalendar(day, taiwan);
  return `${roc.year}-${pad(roc.month)}-${pad(roc.day)} (${weekdayName(day)})`;
}

/** A calendar day as `113年8月20日 (二)`, as the date fields show it in words. */
export function formatRocDateLong(date: string | DateValue): string {
  const day = typeof date === 'string' ? parseDate(date) : toCalendarDate(date);
  const roc = toCalendar(day, taiwan);
  return `${roc.year}年${roc.month}月${roc.day}日 (${weekdayName(day)})`;
}

/** Taipei's calendar day of an instant. */
export function taipeiDate(instant: string | Date | number): CalendarDate {
  return toCalendarDate(fromAbsolute(instantOf(instant), TAIPEI));
}

/** An instant (ISO text from the API) as Taipei's `115-11-26 (四) 08:00`. */
export function formatRocDateTime(instant: string | Date | number): string {
  const zoned = fromAbsolute(instantOf(instant), TAIPEI);
  return `${formatRocDate(zoned)} ${formatTaipeiTime(instant)}`;
}

/** An instant's wall-clock time in Taipei, `08:00`. */
export function formatTaipeiTime(instant: string | Date | number): string {
  const zoned = fromAbsolute(instantOf(instant), TAIPEI);
  return `${pad(zoned.hour)}:${pad(zoned.minute)}`;
}

/** An instant as Taipei's `115-11-26 (四) 08:00:05`, the 出勤刷卡 page's clock and what a punch recorded. */
export function formatRocDateTimeSeconds(instant: string | Date | number): string {
  const zoned = fromAbsolute(instantOf(instant), TAIPEI);
  return `${formatRocDate(zoned)} ${pad(zoned.hour)}:${pad(zoned.minute)}:${pad(zoned.second)}`;
}

/** Today in Taipei. */
export const taipeiToday = (now: number = Date.now()): CalendarDate => taipeiDate(now);

/** The week (Monday to Sunday, as the seed's home page shows it) that holds `date`. */
export function weekOf(date: DateValue): CalendarDate[] {
  const monday = toCalendarDate(date).subtract({ days: (weekdayIndex(date) + 6) % 7 });
  return Array.from({ length: 7 }, (_, i) => monday.add({ days: i }));
}
