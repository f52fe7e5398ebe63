import express from 'express';
import type { Express, Request, Response } from 'express';
import { createRouter, mountOperation, parseInput, personOf } from '@webitr/platform';
import { attachment, CSV_TYPE, XLSX_TYPE } from '@webitr/platform/spreadsheet';
import { invalid } from '../domain/errors.ts';
import type { FiledFormsView } from '@webitr/contracts';
import type { LeaveContext } from '../context.ts';
import * as addCalendarEntry from '../usecases/add-calendar-entry/index.ts';
import * as declareRegionClosure from '../usecases/declare-region-closure/index.ts';
import * as addDeputy from '../usecases/add-deputy/index.ts';
import * as cancelForm from '../usecases/cancel-form/index.ts';
import * as consentAsDeputy from '../usecases/consent-as-deputy/index.ts';
import * as correctBalance from '../usecases/correct-balance/index.ts';
import * as countHomeForms from '../usecases/count-home-forms/index.ts';
import * as declineAsDeputy from '../usecases/decline-as-deputy/index.ts';
import * as deleteUnattached from '../usecases/delete-unattached/index.ts';
import * as fileForgottenPunch from '../usecases/file-forgotten-punch/index.ts';
import * as fileLeave from '../usecases/file-leave/index.ts';
import * as fileOvertime from '../usecases/file-overtime/index.ts';
import * as getAgencyPolicy from '../usecases/get-agency-policy/index.ts';
import * as getCommonReasons from '../usecases/get-common-reasons/index.ts';
import * as getForm from '../usecases/get-form/index.ts';
import * as getLeaveStatistics from '../usecases/get-leave-statistics/index.ts';
import * as importNationalYear from '../usecases/import-national-year/index.ts';
import * as listAgencyForms from '../usecases/list-agency-forms/index.ts';
import * as listBalances from '../usecases/list-balances/index.ts';
import * as listCalendar from '../usecases/list-calendar/index.ts';
import * as listDeputies from '../usecases/list-deputies/index.ts';
import * as listLeaveTypes from '../usecases/list-leave-types/index.ts';
import * as listMyForms from '../usecases/list-my-forms/index.ts';
import * as listMyRecords from '../usecases/list-my-records/index.ts';
import * as listNationalYears from '../usecases/list-national-years/index.ts';
import * as listUnattached from '../usecases/list-unattached/index.ts';
import * as modifyForm from '../usecases/modify-form/index.ts';
import * as moveDeputy from '../usecases/move-deputy/index.ts';
import * as openAttachment from '../usecases/open-attachment/index.ts';
import * as quoteLeave from '../usecases/quote-leave/index.ts';
import * as removeCalendarEntry from '../usecases/remove-calendar-entry/index.ts';
import * as removeDeputy from '../usecases/remove-deputy/index.ts';
import * as runAllocation from '../usecases/run-allocation/index.ts';
import * as setAgencyPolicy from '../usecases/set-agency-policy/index.ts';
import * as setCommonReasons from '../usecases/set-common-reasons/index.ts';
import * as setAttendanceProfile from '../usecases/set-attendance-profile/index.ts';
import * as transferDeputy from '../usecases/transfer-deputy/index.ts';
import * as uploadAttachment from '../usecases/upload-attachment/index.ts';
import * as withdrawForm from '../usecases/withdraw-form/index.ts';
import { MAX_TOTAL_BYTES } from '../domain/attachments.ts';
import { ops } from './operations.ts';

const actorOf = (req: Request) => personOf(req.res as Response);

/** The leave service's routes; every one runs behind the identity assertion check (runtime.serve). */
export function mountRoutes(app: Express, ctx: LeaveContext): void {
  const r = createRouter();

  // 差假申請 screen and balances
  mountOperation(r, ops.leaveTypes, ({ req, query }) => listLeaveTypes.execute(ctx, actorOf(req), actorOf(req).sub, query));
  mountOperation(r, ops.personLeaveTypes, ({ req, params, query }) => listLeaveTypes.execute(ctx, actorOf(req), params.personId, query));
  mountOperation(r, ops.myBalances, ({ req }) => listBalances.execute(ctx, actorOf(req), actorOf(req).sub));
  mountOperation(r, ops.personBalances, ({ req, params }) => listBalances.execute(ctx, actorOf(req), params.personId));
  mountOperation(r, ops.correctBalance, ({ req, params, body }) => correctBalance.execute(ctx, actorOf(req), params.personId, body));
  mountOperation(r, ops.attendanceProfile, ({ req, params, body }) =>
    setAttendanceProfile.execute(ctx, actorOf(req), params.personId, body),
  );

  // 代理人設定
  mountOperation(r, ops.deputies, ({ req, query }) => listDeputies.execute(ctx, actorOf(req), query));
  mountOperation(r, ops.addDeputy, ({ req, body }) => addDeputy.execute(ctx, actorOf(req), body));
  mountOperation(r, ops.moveDeputy, ({ req, params, body }) => moveDeputy.execute(ctx, actorOf(req), params.personId, body));
  mountOperation(r, ops.removeDeputy, ({ req, params }) => removeDeputy.execute(ctx, actorOf(req), params.personId));

  // Forms; a filing is refused before its Idempotency-Key is claimed while the filing gate is full.
  const filings = new Set<string>([ops.submitLeave.path, ops.submitOvertime.path]);
  r.use((req, res, next) => (req.method === 'POST' && filings.has(req.path) ? ctx.filings.refuseWhenFull(req, res, next) : next()));
  mountOperation(r, ops.submitLeave, async ({ req, body }): Promise<FiledFormsView> => ({
    items: await fileLeave.execute(ctx, actorOf(req), body),
  }));
  mountOperation(r, ops.quoteLeave, ({ req, body }) => quoteLeave.execute(ctx, actorOf(req), body));
  mountOperation(r, ops.submitOvertime, async ({ req, body }): Promise<FiledFormsView> => ({
    items: await fileOvertime.execute(ctx, actorOf(req), body),
  }));
  mountOperation(r, ops.submitForgottenPunch, ({ req, body }) => fileForgottenPunch.execute(ctx, actorOf(req), body));
  mountOperation(r, ops.myForms, ({ req, query }) => listMyForms.execute(ctx, actorOf(req), query));
  mountOperation(r, ops.form, ({ req, params }) => getForm.execute(ctx, actorOf(req), params.formId));
  // The body of a modification is validated by the form's kind, so the operation's union only documents it.
  mountOperation(r, { ...ops.modifyForm, body: undefined }, ({ req, params }) =>
    modifyForm.execute(ctx, actorOf(req), params.formId, req.body),
  );
  mountOperation(r, ops.withdrawForm, ({ req, params }) => withdrawForm.execute(ctx, actorOf(req), params.formId));
  mountOperation(r, ops.cancelForm, ({ req, params, body }) => cancelForm.execute(ctx, actorOf(req), params.formId, body));
  mountOperation(r, ops.consent, ({ req, params }) => consentAsDeputy.execute(ctx, actorOf(req), params.formId));
  mountOperation(r, ops.decline, ({ req, params, body }) => declineAsDeputy.execute(ctx, actorOf(req), params.formId, body));
  mountOperation(r, ops.transfer, ({ req, params, body }) => transferDeputy.execute(ctx, actorOf(req), params.formId, body));

  // Attachments: the upload body is the file itself, up to the per-form total.
  const raw = express.raw({ type: () => true, limit: MAX_TOTAL_BYTES });
  r.post(ops.upload.path, (req, res, next) => {
    raw(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large')
        return next(invalid('ATTACHMENT_TOO_LARGE', 'body', '附件', `附件總上限${MAX_TOTAL_BYTES / 1024 / 1024}MB`));
      next(error);
    });
  });
  mountOperation(r, ops.upload, ({ req, query }) =>
    uploadAttachment.execute(
      ctx,
      actorOf(req),
      query.filename,
      req.headers['content-type'],
      Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    ),
  );
  mountOperation(r, ops.unattached, ({ req }) => listUnattached.execute(ctx, actorOf(req)));
  mountOperation(r, ops.deleteUnattached, ({ req, params }) => deleteUnattached.execute(ctx, actorOf(req), params.attachmentId));
  r.get(ops.attachment.path, async (req, res) => {
    const params = parseInput(ops.attachment.params, req.params, 'params');
    const { ref, stream } = await openAttachment.execute(ctx, personOf(res), params.formId, params.attachmentId);
    res.setHeader('content-type', ref.contentType);
    res.setHeader('content-length', String(ref.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(ref.filename)}`);
    stream.pipe(res);
  });

  // Home page and queries
  mountOperation(r, ops.homeCounts, ({ req }) => countHomeForms.execute(ctx, actorOf(req)));
  mountOperation(r, ops.records, ({ req, query }) => listMyRecords.execute(ctx, actorOf(req), query));
  r.get(ops.agencyForms.path, async (req, res) => {
    const params = parseInput(ops.agencyForms.params, req.params, 'params');
    const query = parseInput(ops.agencyForms.query, req.query, 'query');
    const result = await listAgencyForms.execute(ctx, personOf(res), params.agencyId, query);
    if (result.kind === 'json') return void res.json(result.body);
    const name = `差勤資料-${params.agencyId}.${result.kind}`;
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    res
      .type(result.kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(result.body);
  });

  // 差勤、加班統計報表 (CSV, XLSX streamed)
  r.get(ops.statistics.path, async (req, res) => {
    const params = parseInput(ops.statistics.params, req.params, 'params');
    const query = parseInput(ops.statistics.query, req.query, 'query');
    const view = await getLeaveStatistics.execute(ctx, personOf(res), params.agencyId, query);
    if (query.format === 'json') return void res.json(view);
    const stem = getLeaveStatistics.statisticsStem(view);
    if (query.format === 'csv') return void attachment(res, `${stem}.csv`, CSV_TYPE).send(getLeaveStatistics.toCsv(view));
    await getLeaveStatistics.writeXlsx(view, attachment(res, `${stem}.xlsx`, XLSX_TYPE));
  });

  // Attendance managers: policy, allocation, calendar
  mountOperation(r, ops.policy, ({ req, params }) => getAgencyPolicy.execute(ctx, actorOf(req), params.agencyId));
  mountOperation(r, ops.setPolicy, ({ req, params, body }) => setAgencyPolicy.execute(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.allocate, ({ req, params, body }) => runAllocation.execute(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.commonReasons, ({ req, params }) => getCommonReasons.execute(ctx, actorOf(req), params.agencyId));
  mountOperation(r, ops.setCommonReasons, ({ req, params, body }) => setCommonReasons.execute(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.calendar, ({ params, query }) => listCalendar.execute(ctx, params.agencyId, query));
  mountOperation(r, ops.addCalendar, ({ req, params, body }) => addCalendarEntry.execute(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.removeCalendar, ({ req, params }) =>
    removeCalendarEntry.execute(ctx, actorOf(req), params.agencyId, params.entryId),
  );
  mountOperation(r, ops.declareRegionClosure, ({ req, body }) => declareRegionClosure.execute(ctx, actorOf(req), body));
  // 辦公日曆表: the upload body is the CSV file itself.
  mountOperation(r, ops.nationalYears, () => listNationalYears.execute(ctx));
  const csv = express.raw({ type: () => true, limit: importNationalYear.MAX_CALENDAR_FILE_BYTES });
  r.post(ops.importNationalYear.path, (req, res, next) => {
    csv(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large')
        return next(
          invalid('CALENDAR_FILE_TOO_LARGE', 'body', '辦公日曆表', `檔案上限${importNationalYear.MAX_CALENDAR_FILE_BYTES / 1024 / 1024}MB`),
        );
      next(error);
    });
  });
  mountOperation(r, ops.importNationalYear, ({ req, params, query }) =>
    importNationalYear.execute(ctx, actorOf(req), params.year, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), query),
  );

  app.use(r);
}
