import { z } from 'zod';

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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ROC_DATE = /^(\d{2,3})[-/](\d{1,2})[-/](\d{1,2})$/;

function validDate(year: number, month: number, day: number): IsoDate | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** `113-08-20`, `113/8/20` (ROC) or `2024-08-20` (ISO) → `2024-08-20`; undefined if no such day (e.g. `112-02-29`). */
export function parseDate(text: string): IsoDate | undefined {
  const value = text.trim();
  const iso = ISO_DATE.exec(value);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const roc = ROC_DATE.exec(value);
  if (roc) return validDate(Number(roc[1]) + ROC_YEAR_OFFSET, Number(roc[2]), Number(roc[3]));
  return undefined;
}

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

/** A date field accepting ROC or ISO input, giving ISO. */
export const dateInput = z.string().transform((text, ctx) => {
  const date = parseDate(text);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `「${text}」不是有效的日期（例：113-08-20 或 2024-08-20）` });
    return z.NEVER;
  }
  return date;
});

/** A local date and time `113-08-20 08:00` (ROC or ISO date) → the instant in Taipei. */
export const dateTimeInput = z.string().transform((text, ctx) => {
  const match = /^(\S+)[ T](\d{1,2}):(\d{2})$/.exec(text.trim());
  const date = match ? parseDate(match[1]!) : undefined;
  const hours = Number(match?.[2]);
  const minutes = Number(match?.[3]);
  if (!date || hours > 23 || minutes > 59) {
    ctx.addIssue({ code: 'custom', message: `「${text}」不是有效的日期時間（例：113-08-20 08:00）` });
    return z.NEVER;
  }
  return taipeiInstant(date, `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);
});
