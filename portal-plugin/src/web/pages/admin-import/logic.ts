// 批次匯入's report in words, and as the CSV people download to fix their file.
import { IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS } from '@webitr/contracts/forms/directory';
import type { ImportReport, ImportRowResult } from '@webitr/contracts/views/directory';
import { toCsv } from '../../lib/csv.ts';

export const OUTCOME_LABELS: Record<ImportRowResult['outcome'], string> = {
  created: '新增',
  updated: '更新',
  unchanged: '無變更',
  valid: '可匯入',
  failed: '錯誤',
};

const ENCODING_LABELS: Record<ImportReport['encoding'], string> = {
  'utf-8': 'UTF-8',
  big5: 'Big5',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};
export const encodingLabel = (encoding: ImportReport['encoding']): string => ENCODING_LABELS[encoding] ?? encoding;

/** A row's problems as one sentence: `身分證字號：身分證字號檢查碼錯誤；單位：本機關查無「總務處」單位`. */
export const rowProblems = (row: Pick<ImportRowResult, 'errors'>): string =>
  row.errors.map((e) => (e.field ? `${e.field}：${e.message}` : e.message)).join('；');

/** `檢查 3 列：可匯入 2 列、錯誤 1 列` / `匯入 3 列：新增 2 列、錯誤 1 列` (kinds with none left out). */
export function reportSummary(report: ImportReport): string {
  const parts = (['created', 'updated', 'unchanged', 'valid', 'failed'] as const)
    .filter((k) => report[k] > 0)
    .map((k) => `${OUTCOME_LABELS[k]} ${report[k]} 列`);
  return `${report.dryRun ? '檢查' : '匯入'} ${report.total} 列：${parts.length > 0 ? parts.join('、') : '沒有資料列'}`;
}

/** The report as CSV: one line per data row with the file's line number, so the file can be fixed and sent again. */
export function reportCsv(report: ImportReport): string {
  return toCsv([
    ['列號', '結果', '姓名', '身分證字號', '問題'],
    ...report.rows.map((r) => [r.line, OUTCOME_LABELS[r.outcome], r.name ?? '', r.nationalIdMasked ?? '', rowProblems(r)]),
  ]);
}

/** `匯入檢查結果-光華國小.csv` or `匯入結果-….csv`. */
export const reportFilename = (report: Pick<ImportReport, 'dryRun'>, agencyName: string): string =>
  `${report.dryRun ? '匯入檢查結果' : '匯入結果'}-${agencyName}.csv`;

/** The headers a file may use, the required ones first: `身分證字號（必填）`, …, `可用系統`. */
export function columnGuide(): { header: string; required: boolean; also: string[] }[] {
  return (Object.keys(IMPORT_COLUMNS) as (keyof typeof IMPORT_COLUMNS)[])
    .map((column) => {
      const [header, ...also] = IMPORT_COLUMNS[column];
      return { header, required: REQUIRED_IMPORT_COLUMNS.includes(column), also: also.filter((a) => !/^[a-zA-Z]/.test(a)) };
    })
    .sort((a, b) => Number(b.required) - Number(a.required));
}
