/**
 * Calendar days as `YYYY-MM-DD` in Asia/Taipei. Offices write dates in the ROC
 * calendar (民國: 113-08-01, 113/8/1, 1130801 = 2024-08-01) as often as in the
 * western one; both are read.
 */
const taipeiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' });

export const todayInTaipei = (now = new Date()): string => taipeiDay.format(now);

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A western or ROC date in any of the usual spellings, as YYYY-MM-DD; undefined if it is not a real date. */
export function parseFlexibleDate(text: string): string | undefined {
  const value = text.trim();
  let parts: [number, number, number] | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value))) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(?:民國)?(\d{2,3})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value))) parts = [Number(m[1]) + 1911, Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{3})(\d{2})(\d{2})$/.exec(value))) parts = [Number(m[1]) + 1911, Number(m[2]), Number(m[3])];
  if (!parts) return undefined;
  const iso = `${String(parts[0]).padStart(4, '0')}-${String(parts[1]).padStart(2, '0')}-${String(parts[2]).padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : undefined;
}
