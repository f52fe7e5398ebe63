import { z } from 'zod';
import { ROC_YEAR_OFFSET, taipeiInstant } from './calendar-date.ts';
import type { IsoDate } from './calendar-date.ts';

/**
 * The one reader of dates for everything the system takes in — API fields,
 * query strings, CSV columns. People in agencies write the ROC year (民國) as
 * often as the western one, so both are read; what is refused says why.
 *
 * - everywhere: ISO `2026-12-23` (or `2026/12/23`), ROC `115-12-23`, `115/12/23`
 *   (month and day may have one digit);
 * - imports also: `1151223` (ROC, 7 digits), `20261223` (the national calendar's
 *   西元日期) and `民國115年12月23日` (also without 民國).
 *
 * A year outside MIN_YEAR…MAX_YEAR is refused: `0115-12-23` is not year 115 AD
 * but a mistyped ROC date, and would otherwise be charged to a period 1,900
 * years ago.
 */
export const MIN_YEAR = 1912; // 民國元年
export const MAX_YEAR = 2199; // 民國288年: far enough for any plan, near enough to catch typos
export type DateSpellings = 'api' | 'import';

export type DateReading = { ok: true; date: IsoDate } | { ok: false; reason: 'format' | 'no-such-day' | 'year-range'; year?: number };

const SPELLINGS: Record<DateSpellings, readonly { pattern: RegExp; roc: boolean }[]> = {
  api: [
    { pattern: /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/, roc: false },
    { pattern: /^(\d{1,3})[-/](\d{1,2})[-/](\d{1,2})$/, roc: true },
  ],
  import: [
    { pattern: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, roc: false },
    { pattern: /^(\d{1,3})[-/.](\d{1,2})[-/.](\d{1,2})$/, roc: true },
    { pattern: /^(\d{4})(\d{2})(\d{2})$/, roc: false },
    { pattern: /^(\d{3})(\d{2})(\d{2})$/, roc: true },
    { pattern: /^(?:民國)?\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/, roc: true },
  ],
};

/** For the OpenAPI documents: what a date field accepts. */
export const DATE_PATTERN: Record<DateSpellings, string> = {
  api: '^\\s*(\\d{4}|\\d{1,3})[-/]\\d{1,2}[-/]\\d{1,2}\\s*$',
  import: '^\\s*((\\d{4}|\\d{1,3})[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{7,8}|(民國)?\\s*\\d{1,3}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日?)\\s*$',
};
export const DATE_EXAMPLES: Record<DateSpellings, string[]> = {
  api: ['115-12-23', '115/12/23', '2026-12-23'],
  import: ['115-12-23', '115/12/23', '2026-12-23', '1151223', '20261223', '民國115年12月23日'],
};
const YEAR_RANGE = `${MIN_YEAR}–${MAX_YEAR} 年（民國 ${MIN_YEAR - ROC_YEAR_OFFSET}–${MAX_YEAR - ROC_YEAR_OFFSET} 年）`;
export const DATE_DESCRIPTION: Record<DateSpellings, string> = {
  api: `日期：民國年 115-12-23、115/12/23 或西元 2026-12-23；年份須在 ${YEAR_RANGE}`,
  import: `日期：民國年 115-12-23、115/12/23、1151223、民國115年12月23日，或西元 2026-12-23、20261223；年份須在 ${YEAR_RANGE}`,
};

/** Read a date in one of the accepted spellings: the ISO date, or why not. */
export function readDate(text: string, spellings: DateSpellings = 'api'): DateReading {
  const value = text.trim();
  for (const { pattern, roc } of SPELLINGS[spellings]) {
    const match = pattern.exec(value);
    if (!match) continue;
    const year = Number(match[1]) + (roc ? ROC_YEAR_OFFSET : 0);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: 'year-range', year };
    const date = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
      return { ok: false, reason: 'no-such-day' };
    return { ok: true, date: date.toISOString().slice(0, 10) };
  }
  return { ok: false, reason: 'format' };
}

/** `113-08-20`, `113/8/20` (ROC) or `2024-08-20` (ISO) → `2024-08-20`; undefined if not a date (see readDate for why). */
export function parseDate(text: string, spellings: DateSpellings = 'api'): IsoDate | undefined {
  const reading = readDate(text, spellings);
  return reading.ok ? reading.date : undefined;
}

/** Why `text` is not a date, in zh-TW; with `label` the message names the field (for CSV columns and other places outside zod). */
export function dateMessage(
  text: string,
  reading: Exclude<DateReading, { ok: true }>,
  spellings: DateSpellings = 'api',
  label?: string,
): string {
  const prefix = label ? `${label}：` : '';
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  switch (reading.reason) {
    case 'year-range':
      return `${prefix}「${shown}」的年份 ${reading.year} 不在 ${YEAR_RANGE}之間（民國年請寫 115-12-23）`;
    case 'no-such-day':
      return `${prefix}「${shown}」沒有這一天`;
    case 'format':
      return `${prefix}「${shown}」不是可辨識的日期（例：${DATE_EXAMPLES[spellings].join('、')}）`;
  }
}

/**
 * A zod date field: accepts the spellings above and gives the ISO date. The
 * OpenAPI documents show its pattern, description and examples; `title` is the
 * name users know, which validation problems show before the message.
 */
export function dateField(title: string, spellings: DateSpellings = 'api') {
  return (
    z
      .string()
      // On the input side, where the OpenAPI documents look (examples on the transform would describe its output).
      .meta({ pattern: DATE_PATTERN[spellings], examples: DATE_EXAMPLES[spellings] })
      .transform((text, ctx) => {
        const reading = readDate(text, spellings);
        if (reading.ok) return reading.date;
        ctx.addIssue({ code: 'custom', message: dateMessage(text, reading, spellings) });
        return z.NEVER;
      })
      .meta({ title, description: DATE_DESCRIPTION[spellings] })
  );
}

/** A date field without a title of its own (the title comes from the caller's `.meta`). Kept for existing callers. */
export const dateInput = dateField('日期');

const DATE_TIME = /^(\S+)[ T](\d{1,2}):(\d{2})$/;
export const DATE_TIME_EXAMPLES = ['115-12-23 08:00', '2026-12-23 08:00'];

/** A local date and time `113-08-20 08:00` (ROC or ISO date, as dateField) → the instant in Taipei. */
export function dateTimeField(title: string) {
  return z
    .string()
    .meta({ pattern: '^\\s*\\S+[ T]\\d{1,2}:\\d{2}\\s*$', examples: DATE_TIME_EXAMPLES })
    .transform((text, ctx) => {
      const match = DATE_TIME.exec(text.trim());
      const reading = match ? readDate(match[1]!) : ({ ok: false, reason: 'format' } as const);
      const hours = Number(match?.[2]);
      const minutes = Number(match?.[3]);
      if (!reading.ok) {
        ctx.addIssue({
          code: 'custom',
          message:
            reading.reason === 'format'
              ? `「${text}」不是有效的日期時間（例：${DATE_TIME_EXAMPLES.join(' 或 ')}）`
              : dateMessage(match![1]!, reading),
        });
        return z.NEVER;
      }
      if (hours > 23 || minutes > 59) {
        ctx.addIssue({ code: 'custom', message: `「${text}」不是有效的時間（00:00–23:59）` });
        return z.NEVER;
      }
      return taipeiInstant(reading.date, `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);
    })
    .meta({ title, description: `日期時間（臺北時間）：${DATE_DESCRIPTION.api.replace('日期：', '')}，後接 HH:MM` });
}

/** Kept for existing callers; see dateTimeField. */
export const dateTimeInput = dateTimeField('日期時間');
