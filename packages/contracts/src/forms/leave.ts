import { z } from 'zod';
import { dateField, dateTimeField } from '@webitr/work-calendar/browser';
import { formKindSchema } from '../events/leave.ts';
import { REPORT_FORMATS } from './attendance.ts';
import type { FormKind } from '../events/leave.ts';

/**
 * The leave service's app operations, as the services validate them and the
 * web app's forms do before submit (`@webitr/contracts/forms/leave`): the zod
 * schemas of their bodies and queries, and the words and limits they use.
 * Browser-safe: zod and the browser entry of the work calendar only.
 * Checks that need stored data (balances, deputies, overlap, the agency's
 * limits) stay in the service's use cases.
 */

// ── Terms ────────────────────────────────────────────────────────────────────

/**
 * Leave type codes. `annual` 休假, `personal` 事假, `family-care` 家庭照顧假,
 * `sick` 病假, `menstrual` 生理假, `official` 公假, `official-outing` 公出,
 * `business-trip` 出差, `marriage` 婚假, `prenatal` 產前假, `maternity` 娩假,
 * `miscarriage` 流產假, `paternity` 陪產檢及陪產假, `bereavement` 喪假,
 * `comp-time` 加班補休, `abroad` 出國或赴大陸 (a declaration), `wellbeing` 身心調適假 (teachers).
 */
export const LEAVE_TYPE_CODES = [
  'annual',
  'personal',
  'family-care',
  'sick',
  'menstrual',
  'official',
  'official-outing',
  'business-trip',
  'marriage',
  'prenatal',
  'maternity',
  'miscarriage',
  'paternity',
  'bereavement',
  'comp-time',
  'abroad',
  'wellbeing',
] as const;
export type LeaveTypeCode = (typeof LEAVE_TYPE_CODES)[number];

/** 假別 as the rule sets name them (an agency may not rename them; GET /leave-types gives the ones a person may take). */
export const LEAVE_TYPE_NAMES: Record<LeaveTypeCode, string> = {
  annual: '休假',
  personal: '事假',
  'family-care': '家庭照顧假',
  sick: '病假',
  menstrual: '生理假',
  official: '公假',
  'official-outing': '公出',
  'business-trip': '出差',
  marriage: '婚假',
  prenatal: '產前假',
  maternity: '娩假',
  miscarriage: '流產假',
  paternity: '陪產檢及陪產假',
  bereavement: '喪假',
  'comp-time': '加班補休',
  abroad: '出國或赴大陸',
  wellbeing: '身心調適假',
};

/** 喪假 relationships (親屬關係), grouped by the days they give. */
export const BEREAVEMENT_RELATIONSHIPS = [
  'parent',
  'spouse',
  'step-parent',
  'parent-in-law',
  'child',
  'great-grandparent',
  'grandparent',
  'grandparent-in-law',
  'step-parent-in-law',
  'sibling',
] as const;
export type BereavementRelationship = (typeof BEREAVEMENT_RELATIONSHIPS)[number];

export const RELATIONSHIP_NAMES: Record<BereavementRelationship, string> = {
  parent: '父母',
  spouse: '配偶',
  'step-parent': '繼父母',
  'parent-in-law': '配偶之父母',
  child: '子女',
  'great-grandparent': '曾祖父母',
  grandparent: '祖父母',
  'grandparent-in-law': '配偶之祖父母',
  'step-parent-in-law': '配偶之繼父母',
  sibling: '兄弟姊妹',
};

/** Remarks (註記) the seed shows on the apply screen. */
export const REMARKS = ['已送陳機關長官核准在案', '具出差性質可請領差旅費'] as const;
export type Remark = (typeof REMARKS)[number];

/** A form's status (批示狀態); the lifecycle is in the leave service's domain/form.ts. */
export const FORM_STATUSES = [
  'waiting-for-deputy',
  'in-approval',
  'approved',
  'rejected',
  'returned',
  'withdrawn',
  'cancel-requested',
  'cancelled',
] as const;
export const formStatusSchema = z.enum(FORM_STATUSES);
export type FormStatus = (typeof FORM_STATUSES)[number];

export const STATUS_LABEL: Record<FormStatus, string> = {
  'waiting-for-deputy': '申請中 (待代理人同意)',
  'in-approval': '申請中',
  approved: '已決行',
  rejected: '不同意',
  returned: '退回修改',
  withdrawn: '已撤回',
  'cancel-requested': '撤銷申請中',
  cancelled: '已撤銷',
};

/** 差假, 加班, 補休, 忘刷卡. */
export const FORM_KIND_LABEL: Record<FormKind, string> = {
  leave: '差假',
  overtime: '加班',
  'comp-time': '補休',
  'forgotten-punch': '忘刷卡',
};

/** 刷卡別 of a forgotten punch. */
export const PUNCH_DIRECTIONS = ['in', 'out'] as const;
export type PunchDirection = (typeof PUNCH_DIRECTIONS)[number];
export const DIRECTION_LABEL = { in: '上班卡', out: '下班卡' } as const satisfies Record<PunchDirection, string>;

/** 補償方式 of overtime: comp time (補休) or pay (加班費). */
export const OVERTIME_COMPENSATIONS = ['comp-time', 'pay'] as const;
export type OvertimeCompensation = (typeof OVERTIME_COMPENSATIONS)[number];
export const COMPENSATION_LABEL: Record<OvertimeCompensation, string> = { 'comp-time': '補休', pay: '加班費' };

/** The most deputies one list holds (代理人設定). */
export const MAX_DEPUTIES = 10;

/**
 * Attachments (附件): up to 10 MB in total per form (seed 002: 總上限10MB) —
 * an agency may set less (its policy) — at most ATTACHMENT_MAX_FILES per form,
 * only these types. The service also checks each file's content (magic bytes).
 */
export const ATTACHMENT_MAX_TOTAL_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES = 10;
export const ATTACHMENT_FILENAME_MAX = 100;
export interface AttachmentType {
  contentType: string;
  extensions: readonly string[];
  label: string;
}
export const ATTACHMENT_TYPES: readonly AttachmentType[] = [
  { contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  { contentType: 'image/png', extensions: ['png'], label: 'PNG' },
  { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word' },
  { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], label: 'ODF 文字' },
  { contentType: 'application/msword', extensions: ['doc'], label: 'Word 97-2003' },
];

// ── Filing (submitLeave, quoteLeave, submitOvertime, submitForgottenPunch, modifyForm) ──

const personRef = (title: string) => z.string().trim().min(1).max(64).meta({ title });
const reasonField = z.string().trim().min(1, '事由不得空白').max(200, '事由上限200個字').meta({ title: '事由' });
/** 多人: the same request for several people (attendance managers, authorised filers). Default: the actor. */
const applicantIdsField = z.array(z.string().trim().min(1).max(64)).min(1).max(50).optional().meta({ title: '申請人' });

/** 差假申請 (and 加班補休, a leave type drawing on comp time): the body of submitLeave, and of modifyForm for a leave form. */
export const leaveCommand = z
  .object({
    leaveType: z.enum(LEAVE_TYPE_CODES).meta({ title: '假別' }),
    start: dateTimeField('請假起時'),
    end: dateTimeField('請假迄時'),
    deputyId: z.string().trim().min(1).max(64).optional().meta({ title: '職務代理人' }),
    location: z.string().trim().max(20, '地點上限20個字').optional().meta({ title: '地點' }),
    reason: reasonField,
    remarks: z.array(z.enum(REMARKS)).max(REMARKS.length).default([]).meta({ title: '註記' }),
    attachmentIds: z.array(z.string().min(1).max(64)).max(ATTACHMENT_MAX_FILES).default([]).meta({ title: '附件' }),
    eventDate: dateField('事件日期').optional(),
    relationship: z.enum(BEREAVEMENT_RELATIONSHIPS).optional().meta({ title: '親屬關係' }),
    gestationWeeks: z.number().int().min(0).max(45).optional().meta({ title: '懷孕週數' }),
    applicantIds: applicantIdsField,
  })
  .meta({ id: 'LeaveCommand' });
export type LeaveCommand = z.infer<typeof leaveCommand>;
/** What the form sends (dates as typed: `115-12-23 08:00`). */
export type LeaveCommandInput = z.input<typeof leaveCommand>;

/**
 * 試算 (quoteLeave): a draft as the form screen has it while a person types —
 * the filing body, with 事由 not yet needed and one applicant (`applicantId`, default: me).
 * `formId`: the form being modified (修改), whose own interval and reserved
 * balance the draft replaces rather than meets.
 */
export const leaveQuoteCommand = leaveCommand
  .omit({ applicantIds: true })
  .partial({ reason: true })
  .extend({
    applicantId: personRef('申請人').optional(),
    formId: z.string().trim().min(1).max(64).optional().meta({ title: '修改的表單' }),
  })
  .meta({ id: 'LeaveQuoteCommand' });
export type LeaveQuoteCommand = z.infer<typeof leaveQuoteCommand>;

/** 加班申請 (submitOvertime, and modifyForm for an overtime form): applied for beforehand; compensated as comp time (補休) or pay (加班費). */
export const overtimeCommand = z
  .object({
    start: dateTimeField('加班起時'),
    end: dateTimeField('加班迄時'),
    reason: reasonField,
    compensation: z.enum(OVERTIME_COMPENSATIONS).default('comp-time').meta({ title: '補償方式' }),
    applicantIds: applicantIdsField,
  })
  .meta({ id: 'OvertimeCommand' });
export type OvertimeCommand = z.infer<typeof overtimeCommand>;
export type OvertimeCommandInput = z.input<typeof overtimeCommand>;

/** 忘刷卡申請 (submitForgottenPunch, and modifyForm for a forgotten punch): the date, clock-in or clock-out, the time, and why. */
export const forgottenPunchCommand = z
  .object({
    date: dateField('忘刷卡日期'),
    direction: z.enum(PUNCH_DIRECTIONS).meta({ title: '刷卡別' }),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時間格式為 HH:MM')
      .meta({ title: '刷卡時間' }),
    reason: reasonField,
    applicantId: personRef('申請人').optional(),
  })
  .meta({ id: 'ForgottenPunchCommand' });
export type ForgottenPunchCommand = z.infer<typeof forgottenPunchCommand>;
export type ForgottenPunchCommandInput = z.input<typeof forgottenPunchCommand>;

/** 修改 (modifyForm): the filing body of the form's kind; the union documents it, the service validates with the kind's schema. */
export const modifyFormCommand = z.union([leaveCommand, overtimeCommand, forgottenPunchCommand]);

// ── Deputies (代理人設定; 代理案件) ───────────────────────────────────────────

/** addDeputy: a colleague at the end of my list. */
export const addDeputyCommand = z.object({ personId: personRef('代理人') });
export type AddDeputyCommand = z.infer<typeof addDeputyCommand>;

/** moveDeputy: one place up or down. */
export const moveDeputyCommand = z.object({ direction: z.enum(['up', 'down']).meta({ title: '移動方向' }) });
export type MoveDeputyCommand = z.infer<typeof moveDeputyCommand>;

/** getMyDeputies with an interval: who on the list can act in it. The route takes both or neither (INTERVAL_INCOMPLETE). */
export const listDeputiesQuery = z.object({
  start: dateTimeField('請假起時'),
  end: dateTimeField('請假迄時'),
});
export type ListDeputiesQuery = z.infer<typeof listDeputiesQuery>;

/** declineAsDeputy (不同意); consentAsDeputy (同意) has no body. */
export const declineAsDeputyCommand = z.object({ reason: z.string().trim().max(200).optional().meta({ title: '不同意事由' }) });
export type DeclineAsDeputyCommand = z.infer<typeof declineAsDeputyCommand>;

/** transferDeputy (代理移轉): hand an accepted duty to someone else. */
export const transferDeputyCommand = z.object({ toPersonId: personRef('移轉代理人') });
export type TransferDeputyCommand = z.infer<typeof transferDeputyCommand>;

// ── A form's applicant: withdraw (撤回, no body) and cancel (撤銷) ────────────

export const cancelFormCommand = z.object({
  reason: z.string().trim().min(1, '撤銷事由不得空白').max(200).meta({ title: '撤銷事由' }),
});
export type CancelFormCommand = z.infer<typeof cancelFormCommand>;

// ── Queries ───────────────────────────────────────────────────────────────────

/** 批示狀態 filter: every status, `pending` (not finished), `decided`, or one status. */
export const formStatusFilterSchema = z
  .enum(['all', 'pending', 'decided', ...FORM_STATUSES])
  .default('all')
  .meta({ title: '批示狀態' });
export type FormStatusFilter = z.infer<typeof formStatusFilterSchema>;

/** What the form lists (申請案件, 代理案件, an agency's forms) filter by: a period, a kind, a status. */
export const formPeriodShape = {
  from: dateField('差假時間起').optional(),
  to: dateField('差假時間迄').optional(),
  kind: formKindSchema.optional().meta({ title: '表單' }),
  status: formStatusFilterSchema,
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ title: '筆數' }),
};

/** listMyForms: 申請案件 (box=mine) and 代理案件 (box=deputy); `pending` in the deputy box means waiting for my consent. */
export const listMyFormsQuery = z.object({ box: z.enum(['mine', 'deputy']).default('mine').meta({ title: '案件' }), ...formPeriodShape });
export type ListMyFormsQuery = z.infer<typeof listMyFormsQuery>;

/** getMyRecords (差勤資料查詢): a period. */
export const listMyRecordsQuery = z.object({ from: dateField('起日'), to: dateField('迄日') });
export type ListMyRecordsQuery = z.infer<typeof listMyRecordsQuery>;

/** getMyLeaveTypes: balances as on a date (default today). */
export const listLeaveTypesQuery = z.object({ on: dateField('基準日').optional() });
export type ListLeaveTypesQuery = z.infer<typeof listLeaveTypesQuery>;

/** The longest period one statistics report covers (a year and a day, for a leap year). */
export const STATISTICS_MAX_DAYS = 366;

/**
 * getLeaveStatistics (差勤、加班統計報表, attendance managers): approved leave,
 * comp time and overtime of the agency (or one unit) in a period, per person
 * and per unit; CSV and XLSX for spreadsheets.
 */
export const leaveStatisticsQuery = z.object({
  from: dateField('起日'),
  to: dateField('迄日'),
  unitId: z.string().min(1).max(64).optional().meta({ title: '單位' }),
  format: z.enum(REPORT_FORMATS).default('json').meta({ title: '格式' }),
});
export type LeaveStatisticsQuery = z.infer<typeof leaveStatisticsQuery>;

/** listCalendar: an agency's calendar entries (national ones included) in a period. */
export const listCalendarQuery = z.object({ from: dateField('起日'), to: dateField('迄日') });
export type ListCalendarQuery = z.infer<typeof listCalendarQuery>;

/** Calendar entry kinds: national holiday, make-up workday (補行上班日), the agency's special day (特殊節日), closure (停止上班上課). */
export const CALENDAR_ENTRY_KINDS = ['holiday', 'makeup-workday', 'special-day-off', 'closure'] as const;
export type CalendarEntryKind = (typeof CALENDAR_ENTRY_KINDS)[number];
/** The kinds by the words of 特殊節日登記. */
export const CALENDAR_ENTRY_KIND_NAMES: Record<CalendarEntryKind, string> = {
  holiday: '放假日',
  'makeup-workday': '補行上班日',
  'special-day-off': '特殊節日（放假）',
  closure: '停止上班上課',
};
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時間格式為 HH:MM');

/**
 * addCalendarEntry (attendance managers; `*` system administrators): a
 * special day or a closure (停止上班上課, e.g. a typhoon, even declared after
 * the fact); `from`/`to` make it part of the day.
 */
export const addCalendarEntryCommand = z
  .object({
    date: dateField('日期'),
    kind: z.enum(CALENDAR_ENTRY_KINDS).meta({ title: '類別' }),
    name: z.string().trim().min(1, '請填寫名稱').max(50).meta({ title: '名稱' }),
    from: clockTime.optional().meta({ title: '起時' }),
    to: clockTime.optional().meta({ title: '迄時' }),
  })
  .meta({ id: 'AddCalendarEntryCommand' });
export type AddCalendarEntryCommand = z.infer<typeof addCalendarEntryCommand>;
export type AddCalendarEntryCommandInput = z.input<typeof addCalendarEntryCommand>;

/**
 * declareRegionClosure (system administrators): one 停止上班上課 for several
 * agencies at once — what a city or county announces for a typhoon holds for
 * all of its agencies and schools, declared once by the city's personnel
 * office (seed 001, 6-1: 因颱風由人事處統一修改行事曆) instead of by each
 * agency's attendance manager.
 */
export const declareRegionClosureCommand = z
  .object({
    agencyIds: z.array(z.string().trim().min(1).max(64)).min(1, '請選擇至少一個機關').max(500).meta({ title: '機關' }),
    date: dateField('日期'),
    name: z.string().trim().min(1, '請填寫名稱').max(50).meta({ title: '名稱' }),
    from: clockTime.optional().meta({ title: '起時' }),
    to: clockTime.optional().meta({ title: '迄時' }),
  })
  .meta({ id: 'DeclareRegionClosureCommand' });
export type DeclareRegionClosureCommand = z.infer<typeof declareRegionClosureCommand>;
export type DeclareRegionClosureCommandInput = z.input<typeof declareRegionClosureCommand>;

/** uploadAttachment: the body is the file, its name in the query. */
export const uploadAttachmentQuery = z.object({ filename: z.string().min(1).max(ATTACHMENT_FILENAME_MAX).meta({ title: '檔名' }) });
export type UploadAttachmentQuery = z.infer<typeof uploadAttachmentQuery>;

// ── Agency rule parameters (機關差勤規定) ──────────────────────────────────────

/**
 * setLeavePolicy's `settings` (機關規則參數, seed 001 5-6): the agency's local
 * limits — overtime caps, comp-time validity, forgotten-punch limits,
 * attachments, how far back leave may be filed. The leave service saves them
 * with the agency's leave-type overrides; the web app's form validates with it.
 */
export const agencySettingsSchema = z
  .object({
    overtime: z
      .object({
        dailyCapMinutes: z
          .number()
          .int()
          .min(60)
          .max(24 * 60)
          .meta({ title: '每日加班上限(分鐘)' }),
        monthlyCapMinutes: z
          .number()
          .int()
          .min(60)
          .max(300 * 60)
          .meta({ title: '每月加班上限(分鐘)' }),
        compTimeValidityMonths: z.number().int().min(1).max(120).meta({ title: '補休期限(月)' }),
        requirePrior: z.boolean().meta({ title: '加班應事前申請' }),
      })
      .strict(),
    forgottenPunch: z
      .object({
        monthlyLimit: z.number().int().min(0).max(31).meta({ title: '忘刷卡每月上限' }),
        yearlyLimit: z.number().int().min(0).max(366).meta({ title: '忘刷卡每年上限' }),
      })
      .strict(),
    attachments: z
      .object({
        maxTotalBytes: z
          .number()
          .int()
          .min(1)
          .max(10 * 1024 * 1024)
          .meta({ title: '附件總上限' }),
      })
      .strict(),
    /** Optional so that policies saved before it existed stay valid; absent means the default. */
    filing: z
      .object({
        backdatingDays: z
          .number()
          .int()
          .min(0)
          .max(366)
          .meta({ title: '差假最多可補請之日數', description: '請假起日最多可早於今天幾日（臺北時間）；0 = 不得補請' }),
      })
      .strict()
      .optional(),
  })
  .strict();
export type AgencySettings = z.infer<typeof agencySettingsSchema>;
