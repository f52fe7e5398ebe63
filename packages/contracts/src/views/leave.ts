import type { FormKind } from '../events/leave.ts';
import type { AgencySettings, FormStatus, OvertimeCompensation, PunchDirection } from '../forms/leave.ts';
import type { RoutePreview } from '../api/approval.ts';

/**
 * What the leave service's app operations answer, as JSON on the wire: instants
 * are ISO strings (`2026-12-23T00:00:00.000Z`), dates ISO dates (`2026-12-23`),
 * and the `…Text`/`…Label` fields are ROC text for people (`115-12-23(三) 08:00`).
 * The service's view builders declare these types, so a change that would break
 * the web app fails typecheck. Types only: nothing here reaches a bundle.
 */

/** An ISO instant, as JSON carries a Date. */
export type Instant = string;
/** An ISO date `YYYY-MM-DD` (Asia/Taipei). */
export type IsoDateText = string;
export type BalanceUnit = 'minutes' | 'times';

export interface FormDeputyView {
  personId: string;
  name: string;
  /** 待同意, 同意, 不同意 */
  status: 'pending' | 'consented' | 'declined';
  at?: Instant;
  /** The deputy who handed the duty on (代理移轉). */
  transferredFrom?: { personId: string; name: string };
}

export interface FormAttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface FormHistoryView {
  at: Instant;
  action: string;
  actorId: string;
  note?: string;
}

/** One form (差假, 加班, 補休, 忘刷卡): getForm, and the answer of submitting, modifying, withdrawing, cancelling and a deputy's answer. */
export interface FormView {
  id: string;
  kind: FormKind;
  /** 差假, 加班, 補休, 忘刷卡 */
  kindLabel: string;
  /** 假別 (事假) or the kind (加班, 忘刷卡). */
  title: string;
  status: FormStatus;
  statusLabel: string;
  submission: number;
  version: number;
  applicant: { id: string; name: string; unitId?: string; unitName?: string };
  agencyId: string;
  /** Who filed it for the applicant (多人/代為申請). */
  filedBy?: string;
  leaveType?: string;
  leaveTypeName?: string;
  ruleSet?: string;
  ruleSetVersion?: string;
  policyVersion?: number;
  start: Instant;
  end: Instant;
  /** `109-09-01(二) 08:00 ~ 17:15` */
  period: string;
  minutes: number;
  /** `1日0小時` */
  duration: string;
  days: { date: IsoDateText; minutes: number }[];
  charges: { ledger: string; period: string; unit: BalanceUnit; amount: number }[];
  deputy?: FormDeputyView;
  location?: string;
  reason: string;
  remarks: string[];
  attachments: FormAttachmentView[];
  eventDate?: IsoDateText;
  relationship?: string;
  /** 親屬關係 as people read it (父母). */
  relationshipName?: string;
  gestationWeeks?: number;
  overtime?: { compensation: OvertimeCompensation };
  punch?: { date: IsoDateText; direction: PunchDirection; time: string };
  decision?: { by: string; at: Instant; comment?: string; reason?: string };
  cancel?: { reason: string; requestedAt: Instant; decidedAt?: Instant; outcome?: 'cancelled' | 'rejected' };
  /** One line as the 申請案件 list shows it. */
  summary: string;
  submittedAt: Instant;
  submittedAtText: string;
  history: FormHistoryView[];
}

/** submitLeave and submitOvertime (one form per applicant: 多人 files several); submitForgottenPunch answers one FormView. */
export interface FiledFormsView {
  items: FormView[];
}

/** listMyForms (申請案件, 代理案件). */
export interface MyFormsView {
  items: FormView[];
}

/** getMyRecords (差勤資料查詢): approved forms in the period, with totals per 假別/kind. */
export interface MyRecordsView {
  items: FormView[];
  totals: { title: string; count: number; minutes: number; duration: string }[];
}

/** getHomeCounts: 申請案件 not yet finished, 代理案件 waiting for my answer (批核案件 come from the approval inbox's `total`). */
export interface HomeCountsView {
  applications: number;
  deputy: number;
}

/** One 假別 a person may take, with its remaining balance (`休假 剩餘: 30日0小時`). */
export interface LeaveTypeView {
  code: string;
  name: string;
  unit: 'hour' | 'day' | 'calendar-day';
  minimumMinutes: number;
  locationRequired: boolean;
  needsDeputy: boolean;
  attachmentRequired?: { always: true } | { fromDays: number };
  /** 喪假, 婚假, …: the event date (and 喪假's relationship) is asked for. */
  eventRequired: boolean;
  /** 出國或赴大陸: declared, not charged. */
  declaration: boolean;
  source: string;
  overridden: string[];
  balance?: {
    ledger: string;
    period: string;
    periodLabel: string;
    unit: BalanceUnit;
    granted: number;
    reserved: number;
    consumed: number;
    remaining: number;
    label: string;
  };
}

/** getMyLeaveTypes (差假申請). */
export interface LeaveTypesView {
  personId: string;
  ruleSet: string;
  on: IsoDateText;
  types: LeaveTypeView[];
}

/** One balance ledger with its entries (the audit trail). */
export interface BalanceLedgerView {
  id: string;
  ledger: string;
  period: string;
  periodLabel: string;
  unit: BalanceUnit;
  granted: number;
  reserved: number;
  consumed: number;
  remaining: number;
  /** `3日4小時`, `5次` */
  remainingText: string;
  entries: {
    at: Instant;
    kind: 'allocation' | 'correction' | 'recalculation' | 'recomputation';
    amount: number;
    note: string;
    actorId?: string;
    formId?: string;
  }[];
  /** Comp time (加班補休): each grant and its expiry. */
  grants?: { id: string; minutes: number; earnedOn: IsoDateText; expiresOn: IsoDateText }[];
}

/** getMyBalances. */
export interface BalancesView {
  personId: string;
  items: BalanceLedgerView[];
}

/** getMyDeputies, addDeputy, moveDeputy, removeDeputy (代理人設定): with an interval, whether each can act then. */
export interface DeputyListView {
  deputies: { order: number; personId: string; name: string; unitName?: string; available?: boolean; message?: string }[];
  version: number;
}

/** quoteLeave (試算): what filing would do; nothing is written. */
export interface LeaveQuoteView {
  applicantId: string;
  leaveType: string;
  leaveTypeName: string;
  minutes: number;
  duration: string;
  days: { date: IsoDateText; minutes: number }[];
  balances: {
    ledger: string;
    period: string;
    periodLabel: string;
    unit: BalanceUnit;
    before: number;
    charged: number;
    after: number;
    label: string;
  }[];
  deputy?: { personId: string; name: string; available: boolean; reason?: string };
  /** `unavailable` when the approval service could not be asked just now. */
  route: RoutePreview | { status: 'unavailable'; reason: string };
}

/** uploadAttachment; listUnattachedAttachments adds when it was uploaded. */
export type UploadedAttachmentView = FormAttachmentView;
export interface UnattachedAttachmentsView {
  items: (FormAttachmentView & { uploadedAt: Instant })[];
}

/** One calendar entry of an agency or national (`agencyId` `*`): holiday, make-up workday, special day, closure (from/to: part of the day). */
export interface CalendarEntryView {
  id: string;
  agencyId: string;
  date: IsoDateText;
  kind: 'holiday' | 'makeup-workday' | 'special-day-off' | 'closure';
  name: string;
  from?: string;
  to?: string;
  createdBy: string;
}

/** listCalendar. */
export interface CalendarEntriesView {
  items: CalendarEntryView[];
}

/** declareRegionClosure: per agency, the entry made, or why not (a closure already registered that day). */
export interface RegionClosureView {
  items: ({ agencyId: string; entryId: string; recalculated: number } | { agencyId: string; refused: { code: string; detail: string } })[];
}

/** getLeavePolicy / setLeavePolicy (機關差勤規定): the agency's settings and, for those who may change them, the history. */
export interface LeavePolicyView {
  agencyId: string;
  /** 0 while the agency is on the defaults. */
  version: number;
  settings: AgencySettings;
  overrides: Record<string, Record<string, Record<string, unknown>>>;
  ruleSets: {
    id: string;
    name: string;
    version: string;
    effectiveFrom: string;
    types: { code: string; name: string; enabled: boolean }[];
  }[];
  revisions?: { version: number; at: Instant; actorId: string; reason: string }[];
}

/** listNationalCalendarYears (政府行政機關辦公日曆表): the years on file and where each came from. */
export interface NationalYearView {
  year: number;
  rocYear: number;
  origin: 'shipped' | 'upload';
  source: string;
  published?: string;
  checksum: string;
  holidays: number;
  makeupWorkdays: number;
  /** Dates whose forms are still being recalculated. */
  pendingDates: string[];
  importedBy: string;
  importedAt: Instant;
}
export interface NationalYearsView {
  items: NationalYearView[];
}

/** One column of the statistics: a 假別 (補休 included) or overtime by its compensation (加班（補休）, 加班（加班費）). */
export interface LeaveStatisticsColumnView {
  key: string;
  label: string;
  group: 'leave' | 'overtime';
}

/** What a person or unit took of one column in the period: forms counted, minutes, and the minutes as the service shows them. */
export interface LeaveStatisticsAmountView {
  count: number;
  minutes: number;
  /** Leave `1日2小時` (a day is 8 hours), overtime in hours `3小時30分`. */
  text: string;
}

/** A person's, a unit's or the total's line: amounts by column key (columns with nothing are absent). */
export interface LeaveStatisticsLineView {
  personId?: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  amounts: Record<string, LeaveStatisticsAmountView>;
  leave: LeaveStatisticsAmountView;
  overtime: LeaveStatisticsAmountView;
}

/** getLeaveStatistics: the period, the columns that occur, and the lines per person, per unit and in all. */
export interface LeaveStatisticsView {
  agencyId: string;
  from: IsoDateText;
  to: IsoDateText;
  unitId: string | null;
  unitName: string | null;
  columns: LeaveStatisticsColumnView[];
  people: LeaveStatisticsLineView[];
  units: LeaveStatisticsLineView[];
  total: LeaveStatisticsLineView;
}
