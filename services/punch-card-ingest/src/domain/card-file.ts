import { z } from 'zod';
import { PUNCH_KINDS } from './punch-kinds.ts';
import type { PunchKind } from './punch-kinds.ts';

/**
 * Card files (卡檔) as the machines write them, one punch a line: where the
 * card number, date, time, reader id and optional in/out code are. Positions
 * of a fixed-width line are 1-based characters (after decoding), as the
 * machines' manuals count them; CSV columns are 1-based too.
 */
const span = z.object({
  start: z.number().int().min(1).max(500).meta({ title: '起始位置' }),
  length: z.number().int().min(1).max(40).meta({ title: '長度' }),
});
const column = z.number().int().min(1).max(100).meta({ title: '欄位' });

/** 20240801, 2024-08-01, 2024/08/01, 民國 1130801, 113/08/01. */
export const DATE_FORMATS = ['yyyyMMdd', 'yyyy-MM-dd', 'yyyy/MM/dd', 'rocyyyMMdd', 'rocyyy/MM/dd'] as const;

const common = {
  /** 'auto': UTF-8 when the file reads as UTF-8 (or has its BOM), Big5 otherwise. */
  encoding: z.enum(['auto', 'utf-8', 'big5']).default('auto').meta({ title: '編碼' }),
  dateFormat: z.enum(DATE_FORMATS).meta({ title: '日期格式' }),
  /** The machine's in/out codes, e.g. { "1": "上班", "2": "下班" }; a punch without code is one of either. */
  inOutCodes: z.record(z.string().min(1).max(5), z.enum(PUNCH_KINDS)).default({}).meta({ title: '卡別代碼' }),
};

export const cardFileLayoutSchema = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('fixed'),
    ...common,
    fields: z.object({ cardNumber: span, date: span, time: span, readerId: span, inOut: span.optional() }),
  }),
  z.object({
    format: z.literal('csv'),
    ...common,
    delimiter: z.enum([',', ';', '\t', '|']).default(',').meta({ title: '分隔符號' }),
    /** Heading lines to skip (their line numbers still count). */
    headerLines: z.number().int().min(0).max(5).default(0).meta({ title: '標題列數' }),
    columns: z.object({ cardNumber: column, date: column, time: column, readerId: column, inOut: column.optional() }),
  }),
]);
export type CardFileLayout = z.output<typeof cardFileLayoutSchema>;

export interface CardLine {
  cardNumber: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS */
  time: string;
  readerId: string;
  kind?: PunchKind;
}

export type LineReading = { ok: true; line: CardLine } | { ok: false; detail: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date from its parts, or undefined if there is no such day (2024-02-30). */
function dateOf(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1912 || year > 2199) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const DATE_PATTERNS: Record<(typeof DATE_FORMATS)[number], { re: RegExp; roc: boolean }> = {
  yyyyMMdd: { re: /^(\d{4})(\d{2})(\d{2})$/, roc: false },
  'yyyy-MM-dd': { re: /^(\d{4})-(\d{2})-(\d{2})$/, roc: false },
  'yyyy/MM/dd': { re: /^(\d{4})\/(\d{2})\/(\d{2})$/, roc: false },
  rocyyyMMdd: { re: /^(\d{3})(\d{2})(\d{2})$/, roc: true },
  'rocyyy/MM/dd': { re: /^(\d{2,3})\/(\d{2})\/(\d{2})$/, roc: true },
};

export function readCardDate(text: string, format: (typeof DATE_FORMATS)[number]): string | undefined {
  const { re, roc } = DATE_PATTERNS[format];
  const m = re.exec(text);
  if (!m) return undefined;
  return dateOf(Number(m[1]) + (roc ? 1911 : 0), Number(m[2]), Number(m[3]));
}

/** 0830, 083015, 08:30, 08:30:15 → 08:30:00 / 08:30:15; undefined for 25:00 or 08:61. */
export function readCardTime(text: string): string | undefined {
  const m = /^(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return `${pad(h)}:${pad(min)}:${pad(s)}`;
}

function fieldsOf(layout: CardFileLayout, text: string): Record<'cardNumber' | 'date' | 'time' | 'readerId' | 'inOut', string> | string {
  if (layout.format === 'fixed') {
    const { fields } = layout;
    const cut = (s: { start: number; length: number } | undefined) => (s ? text.slice(s.start - 1, s.start - 1 + s.length).trim() : '');
    const needed = Math.max(...[fields.cardNumber, fields.date, fields.time, fields.readerId].map((s) => s.start - 1 + s.length));
    if (text.length < needed) return `長度不足：應至少 ${needed} 字元，實為 ${text.length} 字元`;
    return {
      cardNumber: cut(fields.cardNumber),
      date: cut(fields.date),
      time: cut(fields.time),
      readerId: cut(fields.readerId),
      inOut: cut(fields.inOut),
    };
  }
  const cells = text.split(layout.delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const { columns } = layout;
  const needed = Math.max(columns.cardNumber, columns.date, columns.time, columns.readerId);
  if (cells.length < needed) return `欄位不足：應至少 ${needed} 欄，實為 ${cells.length} 欄`;
  const at = (c: number | undefined) => (c ? (cells[c - 1] ?? '') : '');
  return {
    cardNumber: at(columns.cardNumber),
    date: at(columns.date),
    time: at(columns.time),
    readerId: at(columns.readerId),
    inOut: at(columns.inOut),
  };
}

/** One line of a card file read with its profile, or why it cannot be (in zh-TW, for the line report). */
export function readCardLine(layout: CardFileLayout, text: string): LineReading {
  const fields = fieldsOf(layout, text);
  if (typeof fields === 'string') return { ok: false, detail: fields };
  if (!/^[0-9A-Za-z]{1,20}$/.test(fields.cardNumber)) return { ok: false, detail: `卡號格式錯誤：「${fields.cardNumber}」` };
  const date = readCardDate(fields.date, layout.dateFormat);
  if (!date) return { ok: false, detail: `日期錯誤：「${fields.date}」不是 ${layout.dateFormat} 格式的有效日期` };
  const time = readCardTime(fields.time);
  if (!time) return { ok: false, detail: `時間錯誤：「${fields.time}」不是有效的時間` };
  if (!fields.readerId || fields.readerId.length > 20) return { ok: false, detail: '卡機代號空白或過長' };
  let kind: PunchKind | undefined;
  if (fields.inOut) {
    kind = layout.inOutCodes[fields.inOut];
    if (!kind) return { ok: false, detail: `卡別代碼「${fields.inOut}」未在格式設定中` };
  }
  return { ok: true, line: { cardNumber: fields.cardNumber, date, time, readerId: fields.readerId, ...(kind ? { kind } : {}) } };
}
