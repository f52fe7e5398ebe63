import type { Writable } from 'node:stream';
import type { Response } from 'express';
import ExcelJS from 'exceljs';

// Downloads every service writes the same way (root README, "Spreadsheets"):
// CSV with a BOM and formula-safe cells, XLSX streamed by exceljs, and the
// attachment header. Imported as `@webitr/platform/spreadsheet`, not from the
// entry, so that processes with no exports (the gateway) never load exceljs.

/** A sheet to write: its columns (header, width, an Excel number format) and its rows, read as they are written. */
export interface Sheet {
  name: string;
  columns: readonly { header: string; width: number; numFmt?: string }[];
  rows: Iterable<readonly (string | number | Date | null)[]>;
}

/**
 * Write sheets as one XLSX to `out` as it goes: exceljs's streaming writer
 * commits each row, so the workbook is never whole in memory. Headers are
 * bold and stay in view. Cells are values, never formulas: a text starting
 * with `=` stays text.
 */
export async function writeWorkbook(out: Writable, sheets: readonly Sheet[]): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'WebITR 差勤系統';
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
    ws.getRow(1).font = { bold: true };
    // An empty text is an empty cell, not a cell holding "".
    for (const row of sheet.rows) ws.addRow(row.map((v) => (v === '' ? null : v))).commit();
    ws.commit();
  }
  await book.commit();
}

/** An ISO date as a date cell of that calendar day (Excel keeps no time zone; midnight UTC is the day). */
export const dateCell = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** The MIME type of XLSX files. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The MIME type of the CSV files (UTF-8). */
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** One CSV cell: RFC 4180 quoting, and a leading `'` on a text a spreadsheet would run as a formula (=, +, -, @). */
export function csvCell(value: string | number): string {
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as a CSV document: UTF-8 with a BOM (so Excel reads it as such), CRLF line ends. */
export const csvDocument = (rows: readonly (readonly (string | number)[])[]): string =>
  '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/**
 * A download: its type, and its name as RFC 6266/5987 say — `filename*` in
 * UTF-8 for the zh-TW name, `filename` with the non-ASCII replaced for
 * clients that know only that.
 */
export function attachment(res: Response, name: string, type: string): Response {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.setHeader('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('content-type', type);
  return res;
}
