import { IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS } from '@webitr/contracts';
import type { EmploymentStatus, ImportColumn } from '@webitr/contracts';

/** The columns of an import file: defined in contracts (forms/directory.ts), where 批次匯入's page lists them. */
export const COLUMNS = IMPORT_COLUMNS;
export type Column = ImportColumn;
export const REQUIRED_COLUMNS = REQUIRED_IMPORT_COLUMNS;

/** The zh-TW name of each column, for row errors. */
export const COLUMN_LABELS: Record<Column, string> = Object.fromEntries(
  Object.entries(COLUMNS).map(([k, names]) => [k, names[0]]),
) as Record<Column, string>;

export const STATUS_WORDS: Record<string, EmploymentStatus> = {
  在職: 'active',
  active: 'active',
  留職停薪: 'leave-without-pay',
  'leave-without-pay': 'leave-without-pay',
  離職: 'separated',
  separated: 'separated',
};

/** Which column each header is; headers that are not known are reported, not guessed. */
export function mapHeader(header: readonly string[]): { columns: Map<number, Column>; unknown: string[]; missing: Column[] } {
  const columns = new Map<number, Column>();
  const unknown: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    const column = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(name));
    if (column && ![...columns.values()].includes(column)) columns.set(index, column);
    else if (name) unknown.push(name);
  });
  const present = new Set(columns.values());
  return { columns, unknown, missing: REQUIRED_COLUMNS.filter((c) => !present.has(c)) };
}

/** `1234;5678`, `1234,5678`, `1234 5678` or `1234、5678` */
export const splitList = (cell: string): string[] =>
  cell
    .split(/[;,、\s|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
