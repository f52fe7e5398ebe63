import { readFileSync } from 'node:fs';
import { weekdayOf } from './calendar-date.ts';
import type { IsoDate } from './calendar-date.ts';
import { dateMessage, readDate } from './date-input.ts';
import type { CalendarEntry } from './working-time.ts';

/**
 * The national office calendar (中華民國政府行政機關辦公日曆表), which the
 * Directorate-General of Personnel Administration (行政院人事行政總處) publishes
 * each year as open data: one CSV row per day, `西元日期,星期,是否放假,備註`
 * (`20260101,四,2,開國紀念日`; 是否放假 0 = workday, 2 = day off), in UTF-8
 * with a BOM in recent years and Big5 in older ones. The shipped years are read
 * by the same parser as an administrator's upload.
 */
export const NATIONAL_CALENDAR_DATASET = 'https://data.gov.tw/dataset/14718';

export interface NationalCalendarDay {
  date: IsoDate;
  off: boolean;
  note: string;
}

export interface NationalCalendarYear {
  year: number;
  days: NationalCalendarDay[];
  /** What differs from an ordinary week: weekday holidays (國定假日, 補假, 調整放假), named weekend holidays, weekend workdays (補行上班). */
  entries: CalendarEntry[];
}

/** A file that is not a national calendar; `line` is 1-based, as a spreadsheet shows it. */
export class NationalCalendarError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(line ? `第 ${line} 列：${message}` : message);
    this.line = line;
  }
}

const BOMS: readonly { bytes: readonly number[]; encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/**
 * The text of an uploaded CSV: a BOM says its encoding and is removed before
 * decoding (decoding a UTF-8 BOM as Big5 would garble the first column's
 * name); without one, UTF-8 if the bytes are valid UTF-8, else Big5.
 */
export function decodeCsv(bytes: Uint8Array): string {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return new TextDecoder(bom.encoding).decode(bytes.subarray(bom.bytes.length));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('big5').decode(bytes);
  }
}

const COLUMNS = { date: '西元日期', off: '是否放假', note: '備註' } as const;
const clean = (cell: string | undefined) =>
  (cell ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();

/** Parse one year of the national calendar; every day of the year exactly once, or a NationalCalendarError naming the line. */
export function parseNationalCalendarCsv(input: Uint8Array | string): NationalCalendarYear {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeCsv(input);
  const lines = text.split(/\r\n|\n|\r/);
  const header = (lines[0] ?? '').split(',').map(clean);
  const index = Object.fromEntries(Object.entries(COLUMNS).map(([key, name]) => [key, header.indexOf(name)])) as Record<
    keyof typeof COLUMNS,
    number
  >;
  const missing = Object.entries(COLUMNS)
    .filter(([key]) => index[key as keyof typeof COLUMNS] < 0)
    .map(([, name]) => name);
  if (missing.length) throw new NationalCalendarError(`缺少欄位：${missing.join('、')}（應為 西元日期,星期,是否放假,備註）`, 1);

  const days = new Map<IsoDate, NationalCalendarDay>();
  let year: number | undefined;
  lines.forEach((line, i) => {
    if (i === 0 || !line.trim()) return;
    const cells = line.split(',').map(clean);
    const dateText = cells[index.date] ?? '';
    const reading = readDate(dateText, 'import');
    if (!reading.ok) throw new NationalCalendarError(dateMessage(dateText, reading, 'import', COLUMNS.date), i + 1);
    const date = reading.date;
    const y = Number(date.slice(0, 4));
    year ??= y;
    if (y !== year) throw new NationalCalendarError(`${date} 不屬於 ${year} 年；一個檔案只能是一個年度`, i + 1);
    const flag = cells[index.off];
    if (flag !== '0' && flag !== '2') throw new NationalCalendarError(`是否放假應為 0（上班）或 2（放假），不是「${flag ?? ''}」`, i + 1);
    if (days.has(date)) throw new NationalCalendarError(`${date} 重複`, i + 1);
    days.set(date, { date, off: flag === '2', note: cells[index.note] ?? '' });
  });
  if (year === undefined) throw new NationalCalendarError('檔案沒有任何日期');
  const expected = new Date(Date.UTC(year + 1, 0, 1)).getTime() - new Date(Date.UTC(year, 0, 1)).getTime();
  if (days.size !== expected / 86_400_000)
    throw new NationalCalendarError(`${year} 年應有 ${expected / 86_400_000} 天，檔案只有 ${days.size} 天`);

  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  const entries: CalendarEntry[] = [];
  for (const day of sorted) {
    const weekend = weekdayOf(day.date) === 0 || weekdayOf(day.date) === 6;
    if (day.off && (!weekend || day.note)) entries.push({ date: day.date, kind: 'holiday', name: day.note || '調整放假' });
    if (!day.off && weekend) entries.push({ date: day.date, kind: 'makeup-workday', name: day.note || '補行上班' });
  }
  return { year, days: sorted, entries };
}

/** Where a shipped year came from. */
export interface NationalCalendarSource {
  year: number;
  /** ROC year, as the file is named (`115年中華民國政府行政機關辦公日曆表.csv`). */
  rocYear: number;
  file: string;
  encoding: 'utf-8 (BOM)' | 'big5';
  /** The open-data set and how this copy was obtained. */
  source: string;
  /** When the DGPA published it (as far as it could be verified). */
  published: string;
}

/** The years shipped in `data/`; provenance and cross-checks in `data/README.md`. */
export const SHIPPED_NATIONAL_CALENDARS: readonly NationalCalendarSource[] = [
  {
    year: 2024,
    rocYear: 113,
    file: '113.csv',
    encoding: 'utf-8 (BOM)',
    source: `${NATIONAL_CALENDAR_DATASET} (113年中華民國政府行政機關辦公日曆表.csv, via github.com/jacktdry/TaiwanCalendar origin/)`,
    published: '2023-05-25 (院授人培字第11230268412號函)',
  },
  {
    year: 2025,
    rocYear: 114,
    file: '114.csv',
    encoding: 'big5',
    source: `${NATIONAL_CALENDAR_DATASET} (114年…辦公日曆表1141020更新.csv, the revision after the 2025 Memorial Days act, via github.com/jacktdry/TaiwanCalendar origin/)`,
    published: '2025-06-13 修正版, file updated 2025-10-20',
  },
  {
    year: 2026,
    rocYear: 115,
    file: '115.csv',
    encoding: 'utf-8 (BOM)',
    source: `${NATIONAL_CALENDAR_DATASET} (115年中華民國政府行政機關辦公日曆表.csv, via github.com/jacktdry/TaiwanCalendar origin/)`,
    published: '2025-06-13 (院授人培字第11430248312號函)',
  },
  {
    year: 2027,
    rocYear: 116,
    file: '116.csv',
    encoding: 'utf-8 (BOM)',
    source: `${NATIONAL_CALENDAR_DATASET} (116年 file as converted by github.com/ruyut/TaiwanCalendar data/2027.json, written back in the dataset's CSV format)`,
    published: '2026 (the publication letter could not be read here)',
  },
];

/** The shipped years, parsed. */
export function shippedNationalCalendars(): { source: NationalCalendarSource; calendar: NationalCalendarYear }[] {
  return SHIPPED_NATIONAL_CALENDARS.map((source) => ({
    source,
    calendar: parseNationalCalendarCsv(readFileSync(new URL(`../data/${source.file}`, import.meta.url))),
  }));
}
