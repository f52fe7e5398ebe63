// CSV files people open in Excel, made in the browser from what a page shows
// (差假查詢, 帳號異動記錄, 批次匯入's report): UTF-8 with a BOM, CRLF, cells
// quoted as RFC 4180 says and kept from running as formulas.

/** Excel reads a UTF-8 file as UTF-8 only when it starts with a BOM. */
export const BOM = '\uFEFF';

/**
 * One cell (RFC 4180): quoted when it holds a comma, a quote or a line break,
 * quotes doubled. A cell that a spreadsheet would run as a formula (`=`, `+`,
 * `@`, or `-` not starting a number) is prefixed with `'`: the text is the
 * person's (事由), not a formula.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+@\t\r]/.test(text) || /^-(?!\d)/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: CRLF line ends, the BOM first. */
export const toCsv = (rows: readonly (readonly (string | number)[])[]): string =>
  BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
