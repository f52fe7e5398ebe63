import { routeTable } from './operation.ts';

/**
 * The leave service's operations (behind the gateway at /api/leave): where
 * they are and who may reach them. The service adds summaries and schemas
 * (services/leave/src/routes/operations.ts). Attendance managers' operations
 * (another person's balances and profile, the agency's forms, leave policy,
 * allocations, calendar writes) are administration.
 */
export const leaveRoutes = routeTable({
  leaveTypes: { operationId: 'getMyLeaveTypes', method: 'get', path: '/leave-types', access: 'app' },
  personLeaveTypes: { operationId: 'getPersonLeaveTypes', method: 'get', path: '/people/:personId/leave-types', access: 'admin' },
  myBalances: { operationId: 'getMyBalances', method: 'get', path: '/balances', access: 'app' },
  personBalances: { operationId: 'getPersonBalances', method: 'get', path: '/people/:personId/balances', access: 'admin' },
  correctBalance: { operationId: 'correctBalance', method: 'post', path: '/people/:personId/balances/corrections', access: 'admin' },
  attendanceProfile: { operationId: 'setAttendanceProfile', method: 'put', path: '/people/:personId/attendance-profile', access: 'admin' },
  deputies: { operationId: 'getMyDeputies', method: 'get', path: '/deputies', access: 'app' },
  addDeputy: { operationId: 'addDeputy', method: 'post', path: '/deputies', access: 'app', idempotent: true },
  moveDeputy: { operationId: 'moveDeputy', method: 'post', path: '/deputies/:personId/move', access: 'app' },
  removeDeputy: { operationId: 'removeDeputy', method: 'delete', path: '/deputies/:personId', access: 'app' },
  submitLeave: { operationId: 'submitLeave', method: 'post', path: '/forms/leave', access: 'app', idempotent: true },
  quoteLeave: { operationId: 'quoteLeave', method: 'post', path: '/forms/leave/quote', access: 'app' },
  submitOvertime: { operationId: 'submitOvertime', method: 'post', path: '/forms/overtime', access: 'app', idempotent: true },
  submitForgottenPunch: {
    operationId: 'submitForgottenPunch',
    method: 'post',
    path: '/forms/forgotten-punch',
    access: 'app',
    idempotent: true,
  },
  myForms: { operationId: 'listMyForms', method: 'get', path: '/forms', access: 'app' },
  form: { operationId: 'getForm', method: 'get', path: '/forms/:formId', access: 'app' },
  modifyForm: { operationId: 'modifyForm', method: 'put', path: '/forms/:formId', access: 'app' },
  withdrawForm: { operationId: 'withdrawForm', method: 'post', path: '/forms/:formId/withdraw', access: 'app' },
  cancelForm: { operationId: 'cancelForm', method: 'post', path: '/forms/:formId/cancel', access: 'app' },
  consent: { operationId: 'consentAsDeputy', method: 'post', path: '/forms/:formId/deputy/consent', access: 'app' },
  decline: { operationId: 'declineAsDeputy', method: 'post', path: '/forms/:formId/deputy/decline', access: 'app' },
  transfer: { operationId: 'transferDeputy', method: 'post', path: '/forms/:formId/deputy/transfer', access: 'app' },
  attachment: { operationId: 'getAttachment', method: 'get', path: '/forms/:formId/attachments/:attachmentId', access: 'app' },
  unattached: { operationId: 'listUnattachedAttachments', method: 'get', path: '/attachments', access: 'app' },
  deleteUnattached: { operationId: 'deleteUnattachedAttachment', method: 'delete', path: '/attachments/:attachmentId', access: 'app' },
  upload: { operationId: 'uploadAttachment', method: 'post', path: '/attachments', access: 'app', idempotent: true },
  homeCounts: { operationId: 'getHomeCounts', method: 'get', path: '/home/counts', access: 'app' },
  records: { operationId: 'getMyRecords', method: 'get', path: '/records', access: 'app' },
  agencyForms: { operationId: 'listAgencyForms', method: 'get', path: '/agencies/:agencyId/forms', access: 'admin' },
  statistics: { operationId: 'getLeaveStatistics', method: 'get', path: '/agencies/:agencyId/statistics', access: 'admin' },
  policy: { operationId: 'getLeavePolicy', method: 'get', path: '/agencies/:agencyId/leave-policy', access: 'admin' },
  setPolicy: { operationId: 'setLeavePolicy', method: 'put', path: '/agencies/:agencyId/leave-policy', access: 'admin' },
  allocate: { operationId: 'runAllocation', method: 'post', path: '/agencies/:agencyId/allocations', access: 'admin' },
  calendar: { operationId: 'listCalendar', method: 'get', path: '/agencies/:agencyId/calendar-entries', access: 'app' },
  addCalendar: { operationId: 'addCalendarEntry', method: 'post', path: '/agencies/:agencyId/calendar-entries', access: 'admin' },
  // 政府行政機關辦公日曆表: the years on file, and a year's open-data CSV uploaded by system administrators.
  nationalYears: { operationId: 'listNationalCalendarYears', method: 'get', path: '/calendar/national-years', access: 'app' },
  importNationalYear: {
    operationId: 'importNationalCalendarYear',
    method: 'post',
    path: '/calendar/national-years/:year/import',
    access: 'admin',
  },
  removeCalendar: {
    operationId: 'removeCalendarEntry',
    method: 'delete',
    path: '/agencies/:agencyId/calendar-entries/:entryId',
    access: 'admin',
  },
  // 停止上班上課 for several agencies at once (a city's typhoon closure): system administrators.
  declareRegionClosure: { operationId: 'declareRegionClosure', method: 'post', path: '/calendar/closures', access: 'admin' },
  // 差假事由 (seed 001, 11-3): everyone in the agency reads the common reasons the 差假申請 form offers; managers set them.
  commonReasons: { operationId: 'getCommonReasons', method: 'get', path: '/agencies/:agencyId/common-reasons', access: 'app' },
  setCommonReasons: { operationId: 'setCommonReasons', method: 'put', path: '/agencies/:agencyId/common-reasons', access: 'admin' },
});
