import { parseDate } from '@webitr/work-calendar';

/**
 * Calendar days as `YYYY-MM-DD` in Asia/Taipei. Offices write dates in the ROC
 * calendar (民國: 113-08-01, 113/8/1, 1130801 = 2024-08-01) as often as in the
 * western one; both are read.
 */
const taipeiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' });

export const todayInTaipei = (now: Date): string => taipeiDay.format(now);

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A western or ROC date in any of the spellings an import accepts (the one parser, @webitr/work-calendar), as YYYY-MM-DD; undefined if it is not a date or its year is out of range. */
export const parseFlexibleDate = (text: string): string | undefined => parseDate(text, 'import');
