import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

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
