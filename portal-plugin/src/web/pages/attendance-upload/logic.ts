// 卡檔上傳's logic: the report as people read it, and its pages of refused lines.

/** Why a line was not stored (services/punch-card-ingest, LineRefusal). */
export const REASON_LABELS: Record<string, string> = {
  malformed: '格式錯誤',
  'unknown-card': '卡號不存在',
  'date-out-of-range': '日期超出範圍',
};
export const reasonLabel = (reason: string): string => REASON_LABELS[reason] ?? reason;

export interface CardFileProfile {
  id: string;
  name: string;
}

/** GET /api/attendance/agencies/:agencyId/card-files/:uploadId (the kept report, a page of refused lines). */
export interface UploadReport {
  id: string;
  filename: string;
  profile: string;
  encoding: string;
  lines: number;
  stored: number;
  duplicates: number;
  refused: Record<string, number>;
  refusedLines: { line: number; reason: string; detail: string; text?: string }[];
}

export const REPORT_PAGE = 20;

export const refusedTotal = (report: Pick<UploadReport, 'refused'>): number => Object.values(report.refused).reduce((a, b) => a + b, 0);

/** `卡號不存在 1 行、格式錯誤 2 行` (reasons with none left out); 無 when every line was stored. */
export function refusedSummary(report: Pick<UploadReport, 'refused'>): string {
  const parts = Object.entries(report.refused)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reasonLabel(reason)} ${n} 行`);
  return parts.length > 0 ? parts.join('、') : '無';
}

/** The file's type as the service accepts it: browsers give .dat (and sometimes .txt) no type. */
export const uploadContentType = (file: { type: string }): string => file.type || 'application/octet-stream';

/** Paging by line number: the next page starts after the last line shown, when this page was full. */
export function nextAfter(lines: readonly { line: number }[]): number | undefined {
  return lines.length === REPORT_PAGE ? lines[lines.length - 1]!.line : undefined;
}
