// What the punch-card-ingest service answers for 刷卡資料 and the attendance
// reports (its use cases build these; the web app reads them). Types only.
import type { CorrectionState, PunchChannel } from '../forms/attendance.ts';

/** ISO date `2026-11-03`. */
type IsoDateText = string;

/** A daily result (出勤結果): `late` 遲到, `missing-out` 未刷下班卡, `closure` 停止上班上課 … */
export interface ResultView {
  code: string;
  label: string;
}

/** A raw punch as it arrived (never modified), in Taipei's date and time. */
export interface PunchRecordView {
  at: string;
  time: string;
  /** 上班, 下班, 加班進 … when the machine or the person said so. */
  kind: string | null;
  channel: PunchChannel;
  /** 卡檔, 網路刷卡, 刷卡機, 忘刷卡. */
  channelLabel: string;
  /** The 忘刷卡 form that added it (channel `forgotten-punch`). */
  formId: string | null;
}

/** An approved form covering (part of) the day: leave, 公出, 出差, comp time. */
export interface CoveringFormView {
  formId: string;
  /** 事假, 公出, 補休 … */
  title: string;
  start: string;
  end: string;
}

/** A 忘刷卡 form for the day: approved (it added a punch), waiting for approval, or cancelled. */
export interface CorrectionView {
  formId: string;
  direction: 'in' | 'out' | null;
  /** 上班卡 / 下班卡. */
  directionLabel: string;
  time: string;
  status: 'requested' | 'approved' | 'cancelled';
  /** 已核准, 申請中, 已撤銷. */
  statusLabel: string;
}

/** One person's day: the punches, the result, what covers or corrects it, and whether a punch is still missing. */
export interface DayRecordView {
  personId: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  date: IsoDateText;
  /** `115-11-03 (二)`. */
  label: string;
  punches: PunchRecordView[];
  /** The 上班卡 and 下班卡 the result was judged on (HH:MM). */
  in: string | null;
  out: string | null;
  /** null: the day is not over yet (or in the future). */
  result: ResultView | null;
  anomaly: boolean;
  lateMinutes: number;
  earlyMinutes: number;
  forms: CoveringFormView[];
  corrections: CorrectionView[];
  /** Which punch is missing on a past workday: the one a 忘刷卡 form would add (`both`: 曠職, neither punch). */
  missing: 'in' | 'out' | 'both' | null;
  correction: CorrectionState | null;
  correctionLabel: string | null;
}

/** listMyPunchRecords. */
export interface MyPunchRecordsView {
  from: IsoDateText;
  to: IsoDateText;
  items: DayRecordView[];
}

/** listAgencyPunchRecords: one page of person-days, the people found, and how many rows match. */
export interface AgencyPunchRecordsView {
  from: IsoDateText;
  to: IsoDateText;
  people: { personId: string; name: string; unitId: string | null; unitName: string | null }[];
  units: { unitId: string; unitName: string }[];
  items: DayRecordView[];
  total: number;
  page: number;
  pageSize: number;
}

/** A count of days per result, for a person or the whole report. */
export interface ResultCountView {
  code: string;
  label: string;
  count: number;
}

/** getAttendanceReport (format=json): every person's days, their counts per result, the totals, and the calendar's entries. */
export interface AttendanceReportView {
  from: IsoDateText;
  to: IsoDateText;
  unitId: string | null;
  unitName: string | null;
  items: Omit<DayRecordView, 'punches'>[];
  people: { personId: string; name: string; unitName: string | null; counts: ResultCountView[] }[];
  summary: ResultCountView[];
  /** The agency's calendar entries in the period (holidays, closures …), as the results were judged on. */
  calendar: { date: IsoDateText; entries: { kind: string; name: string; from?: string; to?: string }[] }[];
}
