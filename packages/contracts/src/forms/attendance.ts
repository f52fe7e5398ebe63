import { z } from 'zod';
import { dateField } from '@webitr/work-calendar/browser';

/**
 * The punch-card-ingest service's queries for 刷卡資料 and the attendance
 * reports, as the service validates them and the web app builds them
 * (`@webitr/contracts/forms/attendance`), and the words they use.
 * Browser-safe: zod and the browser entry of the work calendar only.
 */

// ── Terms ────────────────────────────────────────────────────────────────────

/** Where a raw punch came from: a card file (卡檔上傳), the web (出勤刷卡), a card machine pushing (刷卡機), an approved 忘刷卡. */
export const PUNCH_CHANNELS = ['file', 'web', 'device', 'forgotten-punch'] as const;
export type PunchChannel = (typeof PUNCH_CHANNELS)[number];
export const PUNCH_CHANNEL_LABEL: Record<PunchChannel, string> = {
  file: '卡檔',
  web: '網路刷卡',
  device: '刷卡機',
  'forgotten-punch': '忘刷卡',
};

/**
 * A day's standing as to corrections (忘刷卡更正): `open` — a punch is
 * missing and no form corrects it (待更正); `requested` — a 忘刷卡 form for it
 * waits for approval (申請中); `corrected` — an approved 忘刷卡 form added the
 * punch (已更正). Days with nothing missing and nothing corrected have none.
 */
export const CORRECTION_STATES = ['open', 'requested', 'corrected'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];
export const CORRECTION_LABEL: Record<CorrectionState, string> = { open: '待更正', requested: '忘刷卡申請中', corrected: '已更正' };

/** Which days a manager's 刷卡資料 search lists: all, anomalies (出勤異常), still open (待更正), corrected (已更正). */
export const RECORD_FILTERS = ['all', 'anomaly', 'open', 'corrected'] as const;
export type RecordFilter = (typeof RECORD_FILTERS)[number];
export const RECORD_FILTER_LABEL: Record<RecordFilter, string> = {
  all: '全部日期',
  anomaly: '出勤異常',
  open: '待更正',
  corrected: '已更正',
};

/** The longest period 刷卡資料 and the attendance report cover at once (a quarter). */
export const RECORDS_MAX_DAYS = 93;

// ── Queries ──────────────────────────────────────────────────────────────────

const period = {
  from: dateField('起日').optional(),
  to: dateField('迄日').optional(),
};
const unitId = z.string().min(1).max(64).optional().meta({ title: '單位' });

/** listMyPunchRecords: my raw punches and daily results over a period (the last 31 days by default). */
export const myPunchRecordsQuery = z.object(period);
export type MyPunchRecordsQuery = z.infer<typeof myPunchRecordsQuery>;

/**
 * listAgencyPunchRecords (attendance managers): the agency's people found by
 * 姓名, 卡號 or id (`q`) and/or unit, their days over a period, paged.
 */
export const agencyPunchRecordsQuery = z.object({
  ...period,
  q: z.string().trim().max(40).optional().meta({ title: '人員', description: '姓名（部分）、卡號或人員代號' }),
  unitId,
  filter: z.enum(RECORD_FILTERS).default('all').meta({ title: '篩選' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1).meta({ title: '頁次' }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).meta({ title: '每頁筆數' }),
});
export type AgencyPunchRecordsQuery = z.infer<typeof agencyPunchRecordsQuery>;
export type AgencyPunchRecordsQueryInput = z.input<typeof agencyPunchRecordsQuery>;

/** Formats of a report: JSON for the page, CSV (UTF-8 with a BOM) and XLSX for spreadsheets. */
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** getAttendanceReport (attendance managers): every person's days of a unit (or the agency) over a period, with counts per result. */
export const attendanceReportQuery = z.object({
  ...period,
  unitId,
  format: z.enum(REPORT_FORMATS).default('json').meta({ title: '格式' }),
});
export type AttendanceReportQuery = z.infer<typeof attendanceReportQuery>;
