import { z } from 'zod';
import { punchCardIngestRoutes as routes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import * as getAttendanceReport from '../usecases/get-attendance-report/index.ts';
import * as getCardFileUpload from '../usecases/get-card-file-upload/index.ts';
import * as getMyWeek from '../usecases/get-my-week/index.ts';
import * as listAgencyPunchRecords from '../usecases/list-agency-punch-records/index.ts';
import * as listAnomalies from '../usecases/list-anomalies/index.ts';
import * as listMyPunchRecords from '../usecases/list-my-punch-records/index.ts';
import * as pushDevicePunches from '../usecases/push-device-punches/index.ts';
import * as recordWebPunch from '../usecases/record-web-punch/index.ts';
import * as registerPunchDevice from '../usecases/register-punch-device/index.ts';
import * as revokePunchDevice from '../usecases/revoke-punch-device/index.ts';
import * as saveCardFileProfile from '../usecases/save-card-file-profile/index.ts';
import * as uploadCardFile from '../usecases/upload-card-file/index.ts';

/**
 * Every HTTP operation of the punch-card-ingest service, described once: the
 * routes validate with these schemas and /openapi.json is generated from
 * them. Where each one is and who may reach it come from
 * punchCardIngestRoutes in @webitr/contracts.
 */
const agencyId = z.object({ agencyId: z.string().min(1).max(64).meta({ title: '機關' }) });
const op = <O extends Operation>(o: O): O => o;

export const ops = {
  webPunch: op({
    ...routes.webPunch,
    summary: '出勤刷卡: punch now (the server clock), answering the punch and the one before',
    body: recordWebPunch.command,
    response: { status: 201, description: 'the punch and the previous one' },
  }),
  webPunchStatus: op({ ...routes.webPunchStatus, summary: '出勤刷卡 page: the server time and my last punch' }),
  myWeek: op({
    ...routes.myWeek,
    summary: 'home page week: per date 上班卡, 下班卡, 出勤結果; previousWeek/nextWeek for 上週/下週',
    query: getMyWeek.query,
  }),
  myAnomalies: op({
    ...routes.myAnomalies,
    summary: '出勤異常: my anomalies of a period (format=csv or xlsx exports)',
    query: listAnomalies.query,
  }),
  agencyAnomalies: op({
    ...routes.agencyAnomalies,
    summary: "出勤異常: the agency's anomalies of a period, optionally one unit (attendance managers; format=csv or xlsx exports)",
    params: agencyId,
    query: listAnomalies.query,
  }),
  myPunchRecords: op({
    ...routes.myPunchRecords,
    summary: '刷卡資料: my days of a period (newest first) with raw punches, 出勤結果, covering forms and 忘刷卡 corrections',
    query: listMyPunchRecords.query,
  }),
  agencyPunchRecords: op({
    ...routes.agencyPunchRecords,
    summary:
      "刷卡資料 (attendance managers): the agency's people by 姓名, 卡號 or id and/or unit, their days of a period with punches and corrections; anomalies, open or corrected days only; paged",
    params: agencyId,
    query: listAgencyPunchRecords.query,
  }),
  attendanceReport: op({
    ...routes.attendanceReport,
    summary:
      '出勤紀錄報表 (attendance managers): each person of a unit (or the agency) with every day of a period and the counts per result; format=csv or xlsx downloads (streamed)',
    params: agencyId,
    query: getAttendanceReport.query,
  }),
  cardFileProfiles: op({ ...routes.cardFileProfiles, summary: "the agency's card-file formats", params: agencyId }),
  saveCardFileProfile: op({
    ...routes.saveCardFileProfile,
    summary: 'save a card-file format: fixed-width positions or CSV columns of card, date, time, reader, in/out code',
    params: saveCardFileProfile.params,
    body: saveCardFileProfile.command,
  }),
  uploadCardFile: op({
    ...routes.uploadCardFile,
    summary: '卡檔上傳: the body is the file itself (text/plain or text/csv, Big5 or UTF-8), read as it streams; answers the line report',
    params: agencyId,
    query: uploadCardFile.query,
    response: { status: 201, description: 'the upload report' },
    problems: ['CARD_FILE_TYPE_INVALID', 'CARD_FILE_EMPTY', 'CARD_FILE_PROFILE_MISMATCH', 'CARD_FILE_PROFILE_NOT_FOUND'],
  }),
  cardFileUpload: op({
    ...routes.cardFileUpload,
    summary: "an upload's report with its refused lines in line order (after/limit pages)",
    params: agencyId.extend({ uploadId: z.string().min(1).max(64) }),
    query: getCardFileUpload.query,
  }),
  devices: op({ ...routes.devices, summary: "the agency's card machines (刷卡機), active and revoked, without keys", params: agencyId }),
  registerDevice: op({
    ...routes.registerDevice,
    summary: 'register a card machine: answers the device and its key, shown this once (only a digest is kept)',
    params: agencyId,
    body: registerPunchDevice.command,
    response: { status: 201, description: 'the device and its key' },
    problems: ['DEVICE_READER_TAKEN'],
  }),
  revokeDevice: op({
    ...routes.revokeDevice,
    summary: 'revoke a card machine (停用): its key is refused from now on',
    params: revokePunchDevice.params,
    problems: ['DEVICE_NOT_FOUND'],
  }),
  devicePunches: op({
    ...routes.devicePunches,
    summary:
      'a card machine pushes a batch of punches (Authorization: Bearer <device key>; batchId unique per device, sentAt within 5 minutes); the same batch again stores nothing and answers the first answer (Device-Batch-Replayed: true)',
    body: pushDevicePunches.command,
    response: { status: 201, description: 'the batch report: stored, duplicates, refused punches by index' },
    problems: [
      'DEVICE_KEY_INVALID',
      'DEVICE_REVOKED',
      'DEVICE_ZONE_MISMATCH',
      'DEVICE_BATCH_STALE',
      'DEVICE_BATCH_REUSED',
      'DEVICE_BATCH_IN_PROGRESS',
    ],
  }),
};

export const operations: readonly Operation[] = Object.values(ops);
