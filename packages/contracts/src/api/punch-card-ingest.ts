import { z } from 'zod';
import { dateField } from '@webitr/work-calendar/browser';
import { apiTable } from './client.ts';
import { routeTable, routesOf } from './operation.ts';
import { agencyIdParams } from '../forms/directory.ts';

/**
 * One day's attendance anomalies (出勤異常: 遲到, 早退, 未刷上班卡, 未刷下班卡,
 * 曠職) of an agency, for the notification service's daily digest: who,
 * which agency, what (the result's code and label) — no punch times or names.
 */
export const dayAnomaliesSchema = z
  .object({
    date: z.string(),
    items: z.array(z.object({ personId: z.string(), agencyId: z.string(), code: z.string(), label: z.string() })),
  })
  .meta({ id: 'DayAnomalies' });
export type DayAnomalies = z.infer<typeof dayAnomaliesSchema>;

/** Which day's anomalies, of which agency. */
export const dayAnomaliesQuery = agencyIdParams.extend({ date: dateField('日期') });

/** The punch-card-ingest service's internal API, for services only. */
export const punchCardIngestInternalApi = apiTable({
  listDayAnomalies: {
    operationId: 'listDayAnomalies',
    method: 'get',
    path: '/internal/anomalies',
    access: 'internal',
    summary:
      "One day's attendance anomalies of an agency's people, judged as 出勤異常 judges them: a workday with no punch and no form is 曠職 (the notification service's daily digest; service assertions only)",
    query: dayAnomaliesQuery,
    response: { status: 200, schema: dayAnomaliesSchema, description: 'the anomalies of that day' },
    problems: ['AGENCY_NOT_FOUND'],
  },
});

/**
 * The punch-card-ingest service's operations (behind the gateway at
 * /api/attendance): raw punches from card files, the web and devices, and
 * the daily attendance results computed from them.
 * - `onsite`: web punching (出勤刷卡) and its page's status, only from the person's own agency's onsite network;
 * - `app`: what every person sees of their own attendance (the home page's week, 出勤異常, 刷卡資料);
 * - `admin`: attendance managers of the agency (卡檔上傳, profiles, devices, the agency's anomalies, 刷卡資料 search, reports);
 * - `device`: card machines pushing batches of punches: no session; the gateway forwards them only from an
 *   onsite network, the service checks the device's own key and that the network is its agency's.
 */
export const punchCardIngestRoutes = routeTable({
  webPunch: { operationId: 'recordWebPunch', method: 'post', path: '/web-punches', access: 'onsite' },
  webPunchStatus: { operationId: 'getWebPunchStatus', method: 'get', path: '/web-punches/status', access: 'onsite' },
  myWeek: { operationId: 'getMyWeek', method: 'get', path: '/me/week', access: 'app' },
  myAnomalies: { operationId: 'listMyAnomalies', method: 'get', path: '/me/anomalies', access: 'app' },
  agencyAnomalies: { operationId: 'listAgencyAnomalies', method: 'get', path: '/agencies/:agencyId/anomalies', access: 'admin' },
  myPunchRecords: { operationId: 'listMyPunchRecords', method: 'get', path: '/me/punch-records', access: 'app' },
  agencyPunchRecords: { operationId: 'listAgencyPunchRecords', method: 'get', path: '/agencies/:agencyId/punch-records', access: 'admin' },
  attendanceReport: { operationId: 'getAttendanceReport', method: 'get', path: '/agencies/:agencyId/attendance-report', access: 'admin' },
  cardFileProfiles: { operationId: 'listCardFileProfiles', method: 'get', path: '/agencies/:agencyId/card-file-profiles', access: 'admin' },
  saveCardFileProfile: {
    operationId: 'saveCardFileProfile',
    method: 'put',
    path: '/agencies/:agencyId/card-file-profiles/:profileId',
    access: 'admin',
  },
  uploadCardFile: { operationId: 'uploadCardFile', method: 'post', path: '/agencies/:agencyId/card-files', access: 'admin' },
  cardFileUpload: { operationId: 'getCardFileUpload', method: 'get', path: '/agencies/:agencyId/card-files/:uploadId', access: 'admin' },
  devices: { operationId: 'listPunchDevices', method: 'get', path: '/agencies/:agencyId/devices', access: 'admin' },
  registerDevice: { operationId: 'registerPunchDevice', method: 'post', path: '/agencies/:agencyId/devices', access: 'admin' },
  devicePunches: { operationId: 'pushDevicePunches', method: 'post', path: '/device-punches', access: 'device' },
  revokeDevice: { operationId: 'revokePunchDevice', method: 'delete', path: '/agencies/:agencyId/devices/:deviceId', access: 'admin' },
  ...routesOf(punchCardIngestInternalApi),
});
