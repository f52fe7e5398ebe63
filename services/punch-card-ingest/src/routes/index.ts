import type { Express, Request, Response } from 'express';
import { createRouter, deviceCallOf, mountOperation, parseInput, personOf, UnsupportedMediaTypeError } from '@webitr/platform';
import type { PunchCardIngestContext } from '../context.ts';
import * as getAttendanceReport from '../usecases/get-attendance-report/index.ts';
import * as getCardFileUpload from '../usecases/get-card-file-upload/index.ts';
import * as getMyWeek from '../usecases/get-my-week/index.ts';
import * as getWebPunchStatus from '../usecases/get-web-punch-status/index.ts';
import * as listAnomalies from '../usecases/list-anomalies/index.ts';
import * as listAgencyPunchRecords from '../usecases/list-agency-punch-records/index.ts';
import * as listCardFileProfiles from '../usecases/list-card-file-profiles/index.ts';
import * as listMyPunchRecords from '../usecases/list-my-punch-records/index.ts';
import * as listPunchDevices from '../usecases/list-punch-devices/index.ts';
import * as pushDevicePunches from '../usecases/push-device-punches/index.ts';
import * as recordWebPunch from '../usecases/record-web-punch/index.ts';
import * as registerPunchDevice from '../usecases/register-punch-device/index.ts';
import * as revokePunchDevice from '../usecases/revoke-punch-device/index.ts';
import * as saveCardFileProfile from '../usecases/save-card-file-profile/index.ts';
import * as uploadCardFile from '../usecases/upload-card-file/index.ts';
import { attachment, CSV_TYPE, writeWorkbook, XLSX_TYPE } from '@webitr/platform/spreadsheet';
import { ops } from './operations.ts';

const actorOf = (req: Request) => personOf(req.res as Response);

/** The service's routes; every one runs behind the identity assertion check (runtime.serve). */
export function mountRoutes(app: Express, ctx: PunchCardIngestContext): void {
  const r = createRouter();

  // 出勤刷卡 (onsite only, by the gateway)
  mountOperation(r, ops.webPunch, ({ req, body }) => recordWebPunch.execute(ctx, actorOf(req), body));
  mountOperation(r, ops.webPunchStatus, ({ req }) => getWebPunchStatus.execute(ctx, actorOf(req)));

  // Home page and 出勤異常
  mountOperation(r, ops.myWeek, ({ req, query }) => getMyWeek.execute(ctx, actorOf(req), query));
  const anomalies = async (res: Response, result: Awaited<ReturnType<typeof listAnomalies.execute>>, stem: string) => {
    if (result.kind === 'json') return void res.json(result.body);
    if (result.kind === 'csv') return void attachment(res, `${stem}.csv`, CSV_TYPE).send(result.body);
    await writeWorkbook(attachment(res, `${stem}.xlsx`, XLSX_TYPE), [result.sheet]);
  };
  r.get(ops.myAnomalies.path, async (req, res) => {
    const query = parseInput(ops.myAnomalies.query, req.query, 'query');
    const actor = personOf(res);
    await anomalies(res, await listAnomalies.execute(ctx, actor, { personId: actor.sub }, query), '出勤異常');
  });
  r.get(ops.agencyAnomalies.path, async (req, res) => {
    const params = parseInput(ops.agencyAnomalies.params, req.params, 'params');
    const query = parseInput(ops.agencyAnomalies.query, req.query, 'query');
    const result = await listAnomalies.execute(ctx, personOf(res), { agencyId: params.agencyId }, query);
    await anomalies(res, result, `出勤異常-${params.agencyId}`);
  });

  // 刷卡資料 (mine; the agency's for attendance managers) and the attendance report (CSV, XLSX streamed)
  mountOperation(r, ops.myPunchRecords, ({ req, query }) => listMyPunchRecords.execute(ctx, actorOf(req), query));
  mountOperation(r, ops.agencyPunchRecords, ({ req, params, query }) =>
    listAgencyPunchRecords.execute(ctx, actorOf(req), params.agencyId, query),
  );
  r.get(ops.attendanceReport.path, async (req, res) => {
    const params = parseInput(ops.attendanceReport.params, req.params, 'params');
    const query = parseInput(ops.attendanceReport.query, req.query, 'query');
    const report = await getAttendanceReport.execute(ctx, personOf(res), params.agencyId, query);
    const stem = getAttendanceReport.reportStem(report);
    if (query.format === 'json') return void res.json(report);
    if (query.format === 'csv') return void attachment(res, `${stem}.csv`, CSV_TYPE).send(getAttendanceReport.toCsv(report));
    await getAttendanceReport.writeXlsx(report, attachment(res, `${stem}.xlsx`, XLSX_TYPE));
  });

  // 卡檔上傳: formats, the upload (the body is the file, streamed), its report
  mountOperation(r, ops.cardFileProfiles, ({ req, params }) => listCardFileProfiles.execute(ctx, actorOf(req), params.agencyId));
  mountOperation(r, ops.saveCardFileProfile, ({ req, params, body }) => saveCardFileProfile.execute(ctx, actorOf(req), params, body));
  r.post(ops.uploadCardFile.path, async (req, res) => {
    const params = parseInput(ops.uploadCardFile.params, req.params, 'params');
    const query = parseInput(ops.uploadCardFile.query, req.query, 'query');
    const report = await uploadCardFile.execute(ctx, personOf(res), params.agencyId, query, req.headers['content-type'], req);
    res.status(201).json(report);
  });
  mountOperation(r, ops.cardFileUpload, ({ req, params, query }) =>
    getCardFileUpload.execute(ctx, actorOf(req), params.agencyId, params.uploadId, query),
  );

  // 刷卡機: attendance managers register, list and revoke; the machines push (their own key, checked by the use case)
  mountOperation(r, ops.devices, ({ req, params }) => listPunchDevices.execute(ctx, actorOf(req), params.agencyId));
  mountOperation(r, ops.registerDevice, ({ req, params, body }) => registerPunchDevice.execute(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.revokeDevice, ({ req, params }) => revokePunchDevice.execute(ctx, actorOf(req), params));
  // Not mountOperation: the device's key is checked before its body is looked at (a stranger's body is not validated).
  r.post(ops.devicePunches.path, async (req, res) => {
    const call = deviceCallOf(res);
    if (req.headers['content-length'] !== '0' && !req.is('application/json'))
      throw new UnsupportedMediaTypeError({ detail: '請求內容須為 JSON（Content-Type: application/json）' });
    const answer = await pushDevicePunches.execute(ctx, call, req.headers.authorization, req.body);
    if (answer.replayed) res.setHeader('device-batch-replayed', 'true');
    res.status(201).json(answer.report);
  });

  app.use(r);
}
