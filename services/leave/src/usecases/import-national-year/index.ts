import { z } from 'zod';
import { InputError } from '@webitr/platform';
import { NationalCalendarError, parseNationalCalendarCsv, ROC_YEAR_OFFSET } from '@webitr/work-calendar';
import type { NationalCalendarYear } from '@webitr/work-calendar';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertMayEditCalendar, NATIONAL } from '../shared/calendar.ts';
import { applyNationalYear } from '../shared/national-calendar.ts';
import type { NationalYearResult } from '../shared/national-calendar.ts';

export const params = z.object({ year: z.coerce.number().int().min(1912).max(2199).meta({ title: '年度（西元）' }) });
export const query = z.object({
  source: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .default('https://data.gov.tw/dataset/14718')
    .meta({ title: '資料來源', description: '開放資料集或公文的網址' }),
  published: z.string().trim().max(100).optional().meta({ title: '發布日期', description: '例：115-06-13 院授人培字第…號函' }),
});
export const MAX_CALENDAR_FILE_BYTES = 1024 * 1024;

export type Query = z.infer<typeof query>;

/**
 * 匯入辦公日曆表: a system administrator uploads the year's CSV as the DGPA
 * publishes it (the request body is the file; UTF-8 or Big5, with or without
 * a BOM). The year's holidays and make-up workdays become exactly the file's;
 * agencies' own special days and closures are not touched (and still take
 * precedence: a closure stops work on a make-up workday too). Forms covering
 * a date that changed are recalculated.
 */
export async function execute(ctx: LeaveContext, actor: Actor, year: number, content: Buffer, query: Query): Promise<NationalYearResult> {
  assertMayEditCalendar(actor, NATIONAL);
  if (!content.length) throw new InputError({ code: 'CALENDAR_FILE_EMPTY', detail: '請上傳辦公日曆表 CSV 檔' });
  let calendar: NationalCalendarYear;
  try {
    calendar = parseNationalCalendarCsv(content);
  } catch (error) {
    if (error instanceof NationalCalendarError)
      throw new InputError({ code: 'CALENDAR_FILE_INVALID', detail: `辦公日曆表無法匯入：${error.message}` });
    throw error;
  }
  if (calendar.year !== year)
    throw new InputError({
      code: 'CALENDAR_YEAR_MISMATCH',
      detail: `檔案是 ${calendar.year} 年（民國 ${calendar.year - ROC_YEAR_OFFSET} 年）的辦公日曆表，不是 ${year} 年`,
    });
  return applyNationalYear(ctx, calendar, {
    origin: 'upload',
    source: query.source,
    ...(query.published ? { published: query.published } : {}),
    importedBy: actor.sub,
  });
}
