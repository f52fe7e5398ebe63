import { z } from 'zod';
import { leaveRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import * as addCalendarEntry from '../usecases/add-calendar-entry/index.ts';
import * as addDeputy from '../usecases/add-deputy/index.ts';
import * as cancelForm from '../usecases/cancel-form/index.ts';
import * as correctBalance from '../usecases/correct-balance/index.ts';
import * as declareRegionClosure from '../usecases/declare-region-closure/index.ts';
import * as declineAsDeputy from '../usecases/decline-as-deputy/index.ts';
import * as fileForgottenPunch from '../usecases/file-forgotten-punch/index.ts';
import * as fileLeave from '../usecases/file-leave/index.ts';
import * as fileOvertime from '../usecases/file-overtime/index.ts';
import * as getLeaveStatistics from '../usecases/get-leave-statistics/index.ts';
import * as importNationalYear from '../usecases/import-national-year/index.ts';
import * as listAgencyForms from '../usecases/list-agency-forms/index.ts';
import * as listCalendar from '../usecases/list-calendar/index.ts';
import * as listDeputies from '../usecases/list-deputies/index.ts';
import * as listLeaveTypes from '../usecases/list-leave-types/index.ts';
import * as listMyForms from '../usecases/list-my-forms/index.ts';
import * as listMyRecords from '../usecases/list-my-records/index.ts';
import * as modifyForm from '../usecases/modify-form/index.ts';
import * as moveDeputy from '../usecases/move-deputy/index.ts';
import * as quoteLeave from '../usecases/quote-leave/index.ts';
import * as runAllocation from '../usecases/run-allocation/index.ts';
import * as setAgencyPolicy from '../usecases/set-agency-policy/index.ts';
import * as setCommonReasons from '../usecases/set-common-reasons/index.ts';
import * as setAttendanceProfile from '../usecases/set-attendance-profile/index.ts';
import * as transferDeputy from '../usecases/transfer-deputy/index.ts';
import * as uploadAttachment from '../usecases/upload-attachment/index.ts';

/**
 * Every HTTP operation of the leave service, described once: the routes
 * validate with these schemas and /openapi.json is generated from them. Where
 * each one is and who may reach it (its access mark, which the gateway
 * enforces) come from leaveRoutes in @webitr/contracts.
 */
const idField = (title: string) => z.string().min(1).max(64).meta({ title });
const formId = z.object({ formId: idField('表單編號') });
const personId = z.object({ personId: idField('人員') });
const agencyId = z.object({ agencyId: idField('機關') });

const op = <O extends Operation>(o: O): O => o;

export const ops = {
  leaveTypes: op({
    ...leaveRoutes.leaveTypes,
    summary: '差假申請: the types I may take with their remaining balance (休假 剩餘: 30日0小時)',
    query: listLeaveTypes.query,
  }),
  personLeaveTypes: op({
    ...leaveRoutes.personLeaveTypes,
    summary: "a person's types and balances (attendance managers)",
    params: personId,
    query: listLeaveTypes.query,
  }),
  myBalances: op({ ...leaveRoutes.myBalances, summary: 'my balance ledgers with their entries' }),
  personBalances: op({ ...leaveRoutes.personBalances, summary: "a person's balance ledgers (attendance managers)", params: personId }),
  correctBalance: op({
    ...leaveRoutes.correctBalance,
    summary: 'correct a balance with a reason (audited)',
    params: personId,
    body: correctBalance.command,
    response: { status: 201, description: 'corrected' },
  }),
  attendanceProfile: op({
    ...leaveRoutes.attendanceProfile,
    summary: 'schedule group, seniority date, sex, rule set, filers of a person (attendance managers)',
    params: personId,
    body: setAttendanceProfile.command,
  }),
  deputies: op({
    ...leaveRoutes.deputies,
    summary: '代理人設定: my ordered deputy list; with start and end, who can act in that interval',
    query: listDeputies.query.partial(),
  }),
  addDeputy: op({
    ...leaveRoutes.addDeputy,
    summary: 'add a deputy at the end of my list',
    body: addDeputy.command,
    response: { status: 201, description: 'the list' },
  }),
  moveDeputy: op({ ...leaveRoutes.moveDeputy, summary: 'move a deputy up or down', params: personId, body: moveDeputy.command }),
  removeDeputy: op({ ...leaveRoutes.removeDeputy, summary: 'remove a deputy', params: personId }),
  submitLeave: op({
    ...leaveRoutes.submitLeave,
    summary: '差假申請 (incl. 加班補休; 多人 with applicantIds)',
    body: fileLeave.command,
    response: { status: 201, description: 'the forms created' },
  }),
  quoteLeave: op({
    ...leaveRoutes.quoteLeave,
    summary:
      '試算: for a draft (the filing body; 事由 optional), the counted days and hours, balances before and after, whether the deputy can act, the route — nothing is written',
    body: quoteLeave.command,
  }),
  submitOvertime: op({
    ...leaveRoutes.submitOvertime,
    summary: '加班申請 (多人 with applicantIds)',
    body: fileOvertime.command,
    response: { status: 201, description: 'the forms created' },
  }),
  submitForgottenPunch: op({
    ...leaveRoutes.submitForgottenPunch,
    summary: '忘刷卡申請',
    body: fileForgottenPunch.command,
    response: { status: 201, description: 'the form' },
  }),
  myForms: op({
    ...leaveRoutes.myForms,
    summary: '申請案件 (box=mine) and 代理案件 (box=deputy), by period and status',
    query: listMyForms.query,
  }),
  form: op({ ...leaveRoutes.form, summary: 'one form', params: formId }),
  modifyForm: op({
    ...leaveRoutes.modifyForm,
    summary: '修改 a returned or pending form (body as for its kind)',
    params: formId,
    body: modifyForm.command,
  }),
  withdrawForm: op({ ...leaveRoutes.withdrawForm, summary: '撤回 before the final decision', params: formId }),
  cancelForm: op({
    ...leaveRoutes.cancelForm,
    summary: '撤銷 an approved form not yet started (goes through approval)',
    params: formId,
    body: cancelForm.command,
  }),
  consent: op({ ...leaveRoutes.consent, summary: 'the deputy consents (同意)', params: formId }),
  decline: op({ ...leaveRoutes.decline, summary: 'the deputy declines (不同意)', params: formId, body: declineAsDeputy.command }),
  transfer: op({
    ...leaveRoutes.transfer,
    summary: '代理移轉: hand an accepted duty to someone else',
    params: formId,
    body: transferDeputy.command,
  }),
  attachment: op({
    ...leaveRoutes.attachment,
    summary: 'download an attachment of a form',
    params: formId.extend({ attachmentId: z.string().min(1).max(64) }),
  }),
  unattached: op({ ...leaveRoutes.unattached, summary: 'my uploads not yet on a form (deleted after 24 hours)' }),
  deleteUnattached: op({
    ...leaveRoutes.deleteUnattached,
    summary: 'delete one of my uploads not yet on a form',
    params: z.object({ attachmentId: idField('附件') }),
    response: { status: 204, description: 'deleted' },
  }),
  upload: op({
    ...leaveRoutes.upload,
    summary: 'upload one attachment (the body is the file; pdf, jpg, png, docx, odt, doc; 10 MB in total per form)',
    query: uploadAttachment.query,
    response: { status: 201, description: 'the stored file' },
  }),
  homeCounts: op({ ...leaveRoutes.homeCounts, summary: 'home page counts: 申請案件, 代理案件' }),
  records: op({ ...leaveRoutes.records, summary: '差勤資料查詢: my approved records and totals', query: listMyRecords.query }),
  agencyForms: op({
    ...leaveRoutes.agencyForms,
    summary: 'attendance managers: forms per agency or unit; format=csv|xlsx exports',
    params: agencyId,
    query: listAgencyForms.query,
  }),
  statistics: op({
    ...leaveRoutes.statistics,
    summary:
      '差勤、加班統計報表 (attendance managers): approved leave, comp time and overtime per person and unit over a period; format=csv or xlsx downloads (streamed)',
    params: agencyId,
    query: getLeaveStatistics.query,
  }),
  policy: op({
    ...leaveRoutes.policy,
    summary: "the agency's leave types (rule sets with overrides), settings and revisions",
    params: agencyId,
  }),
  setPolicy: op({
    ...leaveRoutes.setPolicy,
    summary: 'adjust leave types and settings (attendance managers; audited)',
    params: agencyId,
    body: setAgencyPolicy.command,
  }),
  allocate: op({
    ...leaveRoutes.allocate,
    summary:
      "年度核給 (差勤資料更新): allocate the year's (and school year's) balances; with dryRun the preview — per person what it would grant, nothing written",
    params: agencyId,
    body: runAllocation.command,
    response: { status: 201, description: 'counts, and per person each ledger with what it grants' },
  }),
  commonReasons: op({
    ...leaveRoutes.commonReasons,
    summary: "差假事由: the common reasons the 差假申請 form offers (the agency's people and managers)",
    params: agencyId,
  }),
  setCommonReasons: op({
    ...leaveRoutes.setCommonReasons,
    summary: '差假事由編輯: replace the common reasons (attendance managers; refused if saved by someone else since read)',
    params: agencyId,
    body: setCommonReasons.command,
  }),
  calendar: op({
    ...leaveRoutes.calendar,
    summary: 'holidays, make-up days, special days, closures',
    params: agencyId,
    query: listCalendar.query,
  }),
  addCalendar: op({
    ...leaveRoutes.addCalendar,
    summary: 'register a special day or closure (停止上班上課); agency * is national',
    params: agencyId,
    body: addCalendarEntry.command,
    response: { status: 201, description: 'the entry' },
  }),
  nationalYears: op({
    ...leaveRoutes.nationalYears,
    summary: '政府行政機關辦公日曆表: the imported years with their source and publication',
  }),
  importNationalYear: op({
    ...leaveRoutes.importNationalYear,
    summary:
      "匯入辦公日曆表 (system administrators): the body is the DGPA open-data CSV (西元日期,星期,是否放假,備註; UTF-8 or Big5, BOM or not); the year's holidays and make-up workdays become the file's, and forms covering a changed date are recalculated",
    params: importNationalYear.params,
    query: importNationalYear.query,
  }),
  removeCalendar: op({
    ...leaveRoutes.removeCalendar,
    summary: 'remove a calendar entry',
    params: agencyId.extend({ entryId: z.string().min(1).max(100) }),
  }),
  declareRegionClosure: op({
    ...leaveRoutes.declareRegionClosure,
    summary:
      '停止上班上課 for several agencies at once (system administrators): the closure is registered for each, and an agency that already has one that day is reported as refused',
    body: declareRegionClosure.command,
  }),
} as const;

export const operations: Operation[] = Object.values(ops);
