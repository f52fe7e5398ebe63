import { z } from 'zod';
import type { Operation } from '@webitr/contracts';
import { correctionCommand } from '../usecases/correct-balance/index.ts';
import { cancelCommand } from '../usecases/cancel-form/index.ts';
import { forgottenPunchCommand } from '../usecases/file-forgotten-punch/index.ts';
import { leaveCommand } from '../usecases/file-leave/index.ts';
import { leaveQuoteCommand } from '../usecases/quote-leave/index.ts';
import { overtimeCommand } from '../usecases/file-overtime/index.ts';
import { addDeputyCommand, eligibilityQuery, moveDeputyCommand } from '../usecases/manage-deputies/index.ts';
import { calendarEntryCommand, calendarQuery } from '../usecases/manage-calendar/index.ts';
import { balancesQuery } from '../usecases/get-balances/index.ts';
import { agencyFormsQuery, myFormsQuery, recordsQuery } from '../usecases/query-forms/index.ts';
import { declineCommand } from '../usecases/respond-as-deputy/index.ts';
import { allocationCommand } from '../usecases/run-allocation/index.ts';
import { attendanceProfileCommand } from '../usecases/set-attendance-profile/index.ts';
import { policyCommand } from '../usecases/set-agency-policy/index.ts';
import { transferCommand } from '../usecases/transfer-deputy/index.ts';
import { uploadQuery } from '../usecases/upload-attachment/index.ts';

/**
 * Every HTTP operation of the leave service, described once: the routes
 * validate with these schemas and /openapi.json is generated from them.
 */
const idField = (title: string) => z.string().min(1).max(64).meta({ title });
const formId = z.object({ formId: idField('表單編號') });
const personId = z.object({ personId: idField('人員') });
const agencyId = z.object({ agencyId: idField('機關') });

const op = <O extends Operation>(o: O): O => o;

export const ops = {
  leaveTypes: op({ operationId: 'getMyLeaveTypes', method: 'get', path: '/leave-types', summary: '差假申請: the types I may take with their remaining balance (休假 剩餘: 30日0小時)', query: balancesQuery }),
  personLeaveTypes: op({ operationId: 'getPersonLeaveTypes', method: 'get', path: '/people/:personId/leave-types', summary: 'a person\'s types and balances (attendance managers)', params: personId, query: balancesQuery }),
  myBalances: op({ operationId: 'getMyBalances', method: 'get', path: '/balances', summary: 'my balance ledgers with their entries' }),
  personBalances: op({ operationId: 'getPersonBalances', method: 'get', path: '/people/:personId/balances', summary: 'a person\'s balance ledgers (attendance managers)', params: personId }),
  correctBalance: op({ operationId: 'correctBalance', method: 'post', path: '/people/:personId/balances/corrections', summary: 'correct a balance with a reason (audited)', params: personId, body: correctionCommand, response: { status: 201, description: 'corrected' } }),
  attendanceProfile: op({ operationId: 'setAttendanceProfile', method: 'put', path: '/people/:personId/attendance-profile', summary: 'schedule group, seniority date, sex, rule set, filers of a person (attendance managers)', params: personId, body: attendanceProfileCommand }),
  deputies: op({ operationId: 'getMyDeputies', method: 'get', path: '/deputies', summary: '代理人設定: my ordered deputy list; with start and end, who can act in that interval', query: eligibilityQuery.partial() }),
  addDeputy: op({ operationId: 'addDeputy', method: 'post', path: '/deputies', summary: 'add a deputy at the end of my list', body: addDeputyCommand, response: { status: 201, description: 'the list' } }),
  moveDeputy: op({ operationId: 'moveDeputy', method: 'post', path: '/deputies/:personId/move', summary: 'move a deputy up or down', params: personId, body: moveDeputyCommand }),
  removeDeputy: op({ operationId: 'removeDeputy', method: 'delete', path: '/deputies/:personId', summary: 'remove a deputy', params: personId }),
  submitLeave: op({ operationId: 'submitLeave', method: 'post', path: '/forms/leave', summary: '差假申請 (incl. 加班補休; 多人 with applicantIds)', body: leaveCommand, response: { status: 201, description: 'the forms created' } }),
  quoteLeave: op({ operationId: 'quoteLeave', method: 'post', path: '/forms/leave/quote', summary: '試算: for a draft (the filing body; 事由 optional), the counted days and hours, balances before and after, whether the deputy can act, the route — nothing is written', body: leaveQuoteCommand }),
  submitOvertime: op({ operationId: 'submitOvertime', method: 'post', path: '/forms/overtime', summary: '加班申請 (多人 with applicantIds)', body: overtimeCommand, response: { status: 201, description: 'the forms created' } }),
  submitForgottenPunch: op({ operationId: 'submitForgottenPunch', method: 'post', path: '/forms/forgotten-punch', summary: '忘刷卡申請', body: forgottenPunchCommand, response: { status: 201, description: 'the form' } }),
  myForms: op({ operationId: 'listMyForms', method: 'get', path: '/forms', summary: '申請案件 (box=mine) and 代理案件 (box=deputy), by period and status', query: myFormsQuery }),
  form: op({ operationId: 'getForm', method: 'get', path: '/forms/:formId', summary: 'one form', params: formId }),
  modifyForm: op({ operationId: 'modifyForm', method: 'put', path: '/forms/:formId', summary: '修改 a returned or pending form (body as for its kind)', params: formId, body: z.union([leaveCommand, overtimeCommand, forgottenPunchCommand]) }),
  withdrawForm: op({ operationId: 'withdrawForm', method: 'post', path: '/forms/:formId/withdraw', summary: '撤回 before the final decision', params: formId }),
  cancelForm: op({ operationId: 'cancelForm', method: 'post', path: '/forms/:formId/cancel', summary: '撤銷 an approved form not yet started (goes through approval)', params: formId, body: cancelCommand }),
  consent: op({ operationId: 'consentAsDeputy', method: 'post', path: '/forms/:formId/deputy/consent', summary: 'the deputy consents (同意)', params: formId }),
  decline: op({ operationId: 'declineAsDeputy', method: 'post', path: '/forms/:formId/deputy/decline', summary: 'the deputy declines (不同意)', params: formId, body: declineCommand }),
  transfer: op({ operationId: 'transferDeputy', method: 'post', path: '/forms/:formId/deputy/transfer', summary: '代理移轉: hand an accepted duty to someone else', params: formId, body: transferCommand }),
  attachment: op({ operationId: 'getAttachment', method: 'get', path: '/forms/:formId/attachments/:attachmentId', summary: 'download an attachment of a form', params: formId.extend({ attachmentId: z.string().min(1).max(64) }) }),
  unattached: op({ operationId: 'listUnattachedAttachments', method: 'get', path: '/attachments', summary: 'my uploads not yet on a form (deleted after 24 hours)' }),
  deleteUnattached: op({ operationId: 'deleteUnattachedAttachment', method: 'delete', path: '/attachments/:attachmentId', summary: 'delete one of my uploads not yet on a form', params: z.object({ attachmentId: idField('附件') }), response: { status: 204, description: 'deleted' } }),
  upload: op({ operationId: 'uploadAttachment', method: 'post', path: '/attachments', summary: 'upload one attachment (the body is the file; pdf, jpg, png, docx, odt, doc; 10 MB in total per form)', query: uploadQuery, response: { status: 201, description: 'the stored file' } }),
  homeCounts: op({ operationId: 'getHomeCounts', method: 'get', path: '/home/counts', summary: 'home page counts: 申請案件, 代理案件' }),
  records: op({ operationId: 'getMyRecords', method: 'get', path: '/records', summary: '差勤資料查詢: my approved records and totals', query: recordsQuery }),
  agencyForms: op({ operationId: 'listAgencyForms', method: 'get', path: '/agencies/:agencyId/forms', summary: 'attendance managers: forms per agency or unit; format=csv|xlsx exports', params: agencyId, query: agencyFormsQuery }),
  policy: op({ operationId: 'getLeavePolicy', method: 'get', path: '/agencies/:agencyId/leave-policy', summary: 'the agency\'s leave types (rule sets with overrides), settings and revisions', params: agencyId }),
  setPolicy: op({ operationId: 'setLeavePolicy', method: 'put', path: '/agencies/:agencyId/leave-policy', summary: 'adjust leave types and settings (attendance managers; audited)', params: agencyId, body: policyCommand }),
  allocate: op({ operationId: 'runAllocation', method: 'post', path: '/agencies/:agencyId/allocations', summary: 'allocate the year\'s (and school year\'s) balances', params: agencyId, body: allocationCommand, response: { status: 201, description: 'counts' } }),
  calendar: op({ operationId: 'listCalendar', method: 'get', path: '/agencies/:agencyId/calendar-entries', summary: 'holidays, make-up days, special days, closures', params: agencyId, query: calendarQuery }),
  addCalendar: op({ operationId: 'addCalendarEntry', method: 'post', path: '/agencies/:agencyId/calendar-entries', summary: 'register a special day or closure (停止上班上課); agency * is national', params: agencyId, body: calendarEntryCommand, response: { status: 201, description: 'the entry' } }),
  removeCalendar: op({ operationId: 'removeCalendarEntry', method: 'delete', path: '/agencies/:agencyId/calendar-entries/:entryId', summary: 'remove a calendar entry', params: agencyId.extend({ entryId: z.string().min(1).max(100) }) }),
} as const;

export const operations: Operation[] = Object.values(ops);
