import type { EmploymentStatus } from '@webitr/contracts';

/**
 * The columns of an import file, by their zh-TW headers (the same as the
 * export's) or English field names. Headers are matched after trimming.
 */
export const COLUMNS = {
  nationalId: ['身分證字號', '統一證號', 'nationalId'],
  name: ['姓名', 'name'],
  email: ['電子郵件', '公務信箱', 'email'],
  unit: ['單位', '部門', '部門名稱', 'unit'],
  title: ['職稱', 'title'],
  jobCategory: ['職務類別', '人員類別', 'jobCategory'],
  serviceStartDate: ['到職日期', 'serviceStartDate'],
  status: ['在職狀態', '狀態', 'status'],
  scheduleGroup: ['班別', 'scheduleGroup'],
  cardNumbers: ['卡號', 'cardNumbers'],
  apps: ['可用系統', 'apps'],
} as const;
export type Column = keyof typeof COLUMNS;

export const REQUIRED_COLUMNS: readonly Column[] = ['nationalId', 'name', 'jobCategory'];

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
