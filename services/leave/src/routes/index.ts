import express from 'express';
import type { Express, Request, Response } from 'express';
import { createRouter, mountOperation, parseInput, personOf } from '@webitr/platform';
import { invalid } from '../domain/errors.ts';
import type { LeaveContext } from '../context.ts';
import { cancelForm } from '../usecases/cancel-form/index.ts';
import { correctPersonBalance } from '../usecases/correct-balance/index.ts';
import { fileForgottenPunch, forgottenPunchCommand } from '../usecases/file-forgotten-punch/index.ts';
import { leaveCommand, modifyLeave, submitLeave } from '../usecases/file-leave/index.ts';
import { modifyOvertime, overtimeCommand, submitOvertime } from '../usecases/file-overtime/index.ts';
import { getLeaveTypes, listBalances } from '../usecases/get-balances/index.ts';
import { addDeputy, listDeputies, moveDeputy, removeDeputy } from '../usecases/manage-deputies/index.ts';
import { addCalendarEntry, listCalendar, removeCalendarEntry } from '../usecases/manage-calendar/index.ts';
import { importNationalYear, listNationalYears, MAX_CALENDAR_FILE_BYTES } from '../usecases/manage-calendar/national.ts';
import { agencyForms, homeCounts, listMyForms, myRecords } from '../usecases/query-forms/index.ts';
import { quoteLeave } from '../usecases/quote-leave/index.ts';
import { respondAsDeputy } from '../usecases/respond-as-deputy/index.ts';
import { runAllocation } from '../usecases/run-allocation/index.ts';
import { setAttendanceProfile } from '../usecases/set-attendance-profile/index.ts';
import { getAgencyPolicy, setAgencyPolicy } from '../usecases/set-agency-policy/index.ts';
import { transferDeputy } from '../usecases/transfer-deputy/index.ts';
import { deleteUnattached, listUnattached, openAttachment, uploadAttachment } from '../usecases/upload-attachment/index.ts';
import { withdrawForm } from '../usecases/withdraw-form/index.ts';
import { assertCanRead, assertCanSee, loadForm } from '../usecases/shared/forms.ts';
import { formView } from '../usecases/shared/views.ts';
import { MAX_TOTAL_BYTES } from '../domain/attachments.ts';
import { ops } from './operations.ts';

const actorOf = (req: Request) => personOf(req.res as Response);

/** The leave service's routes; every one runs behind the identity assertion check (runtime.serve). */
export function mountRoutes(app: Express, ctx: LeaveContext): void {
  const r = createRouter();

  // 差假申請 screen and balances
  mountOperation(r, ops.leaveTypes, ({ req, query }) => getLeaveTypes(ctx, actorOf(req), actorOf(req).sub, query.on));
  mountOperation(r, ops.personLeaveTypes, ({ req, params, query }) => getLeaveTypes(ctx, actorOf(req), params.personId, query.on));
  mountOperation(r, ops.myBalances, ({ req }) => listBalances(ctx, actorOf(req), actorOf(req).sub));
  mountOperation(r, ops.personBalances, ({ req, params }) => listBalances(ctx, actorOf(req), params.personId));
  mountOperation(r, ops.correctBalance, ({ req, params, body }) => correctPersonBalance(ctx, actorOf(req), params.personId, body));
  mountOperation(r, ops.attendanceProfile, ({ req, params, body }) => setAttendanceProfile(ctx, actorOf(req), params.personId, body));

  // 代理人設定
  mountOperation(r, ops.deputies, ({ req, query }) => {
    if ((query.start === undefined) !== (query.end === undefined)) throw invalid('INTERVAL_INCOMPLETE', 'query.end', '請假迄時', '查詢代理人可否代理須同時給起時與迄時');
    return listDeputies(ctx, actorOf(req), query.start && query.end ? { start: query.start, end: query.end } : undefined);
  });
  mountOperation(r, ops.addDeputy, ({ req, body }) => addDeputy(ctx, actorOf(req), body));
  mountOperation(r, ops.moveDeputy, ({ req, params, body }) => moveDeputy(ctx, actorOf(req), params.personId, body));
  mountOperation(r, ops.removeDeputy, ({ req, params }) => removeDeputy(ctx, actorOf(req), params.personId));

  // Forms
  mountOperation(r, ops.submitLeave, async ({ req, body }) => ({ items: await submitLeave(ctx, actorOf(req), body) }));
  mountOperation(r, ops.quoteLeave, ({ req, body }) => quoteLeave(ctx, actorOf(req), body));
  mountOperation(r, ops.submitOvertime, async ({ req, body }) => ({ items: await submitOvertime(ctx, actorOf(req), body) }));
  mountOperation(r, ops.submitForgottenPunch, ({ req, body }) => fileForgottenPunch(ctx, actorOf(req), body));
  mountOperation(r, ops.myForms, ({ req, query }) => listMyForms(ctx, actorOf(req), query));
  mountOperation(r, ops.form, async ({ req, params }) => {
    const form = await loadForm(ctx, params.formId);
    await assertCanRead(ctx, actorOf(req), form);
    return formView(form);
  });
  // The body of a modification is validated by the form's kind, so the operation's union only documents it.
  mountOperation(r, { ...ops.modifyForm, body: undefined }, async ({ req, params }) => {
    const form = await loadForm(ctx, params.formId);
    const actor = actorOf(req);
    assertCanSee(actor, form);
    if (form.kind === 'overtime') return modifyOvertime(ctx, actor, form._id, parseInput(overtimeCommand, req.body, 'body'));
    if (form.kind === 'forgotten-punch') return fileForgottenPunch(ctx, actor, parseInput(forgottenPunchCommand, req.body, 'body'), form._id);
    return modifyLeave(ctx, actor, form._id, parseInput(leaveCommand, req.body, 'body'));
  });
  mountOperation(r, ops.withdrawForm, ({ req, params }) => withdrawForm(ctx, actorOf(req), params.formId));
  mountOperation(r, ops.cancelForm, ({ req, params, body }) => cancelForm(ctx, actorOf(req), params.formId, body));
  mountOperation(r, ops.consent, ({ req, params }) => respondAsDeputy(ctx, actorOf(req), params.formId, 'consent'));
  mountOperation(r, ops.decline, ({ req, params, body }) => respondAsDeputy(ctx, actorOf(req), params.formId, 'decline', body.reason));
  mountOperation(r, ops.transfer, ({ req, params, body }) => transferDeputy(ctx, actorOf(req), params.formId, body));

  // Attachments: the upload body is the file itself, up to the per-form total.
  const raw = express.raw({ type: () => true, limit: MAX_TOTAL_BYTES });
  r.post(ops.upload.path, (req, res, next) => {
    raw(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') return next(invalid('ATTACHMENT_TOO_LARGE', 'body', '附件', `附件總上限${MAX_TOTAL_BYTES / 1024 / 1024}MB`));
      next(error);
    });
  });
  mountOperation(r, ops.upload, ({ req, query }) => uploadAttachment(ctx, actorOf(req), query.filename, req.headers['content-type'], Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)));
  mountOperation(r, ops.unattached, ({ req }) => listUnattached(ctx, actorOf(req)));
  mountOperation(r, ops.deleteUnattached, ({ req, params }) => deleteUnattached(ctx, actorOf(req), params.attachmentId));
  r.get(ops.attachment.path, async (req, res) => {
    const params = parseInput(ops.attachment.params, req.params, 'params');
    const { ref, stream } = await openAttachment(ctx, personOf(res), params.formId, params.attachmentId);
    res.setHeader('content-type', ref.contentType);
    res.setHeader('content-length', String(ref.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(ref.filename)}`);
    stream.pipe(res);
  });

  // Home page and queries
  mountOperation(r, ops.homeCounts, ({ req }) => homeCounts(ctx, actorOf(req)));
  mountOperation(r, ops.records, ({ req, query }) => myRecords(ctx, actorOf(req), query));
  r.get(ops.agencyForms.path, async (req, res) => {
    const params = parseInput(ops.agencyForms.params, req.params, 'params');
    const query = parseInput(ops.agencyForms.query, req.query, 'query');
    const result = await agencyForms(ctx, personOf(res), params.agencyId, query);
    if (result.kind === 'json') return void res.json(result.body);
    const name = `差勤資料-${params.agencyId}.${result.kind}`;
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.type(result.kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(result.body);
  });

  // Attendance managers: policy, allocation, calendar
  mountOperation(r, ops.policy, ({ req, params }) => getAgencyPolicy(ctx, actorOf(req), params.agencyId));
  mountOperation(r, ops.setPolicy, ({ req, params, body }) => setAgencyPolicy(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.allocate, ({ req, params, body }) => runAllocation(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.calendar, ({ params, query }) => listCalendar(ctx, params.agencyId, query));
  mountOperation(r, ops.addCalendar, ({ req, params, body }) => addCalendarEntry(ctx, actorOf(req), params.agencyId, body));
  mountOperation(r, ops.removeCalendar, ({ req, params }) => removeCalendarEntry(ctx, actorOf(req), params.agencyId, params.entryId));
  // 辦公日曆表: the upload body is the CSV file itself.
  mountOperation(r, ops.nationalYears, () => listNationalYears(ctx));
  const csv = express.raw({ type: () => true, limit: MAX_CALENDAR_FILE_BYTES });
  r.post(ops.importNationalYear.path, (req, res, next) => {
    csv(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') return next(invalid('CALENDAR_FILE_TOO_LARGE', 'body', '辦公日曆表', `檔案上限${MAX_CALENDAR_FILE_BYTES / 1024 / 1024}MB`));
      next(error);
    });
  });
  mountOperation(r, ops.importNationalYear, ({ req, params, query }) => importNationalYear(ctx, actorOf(req), params.year, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), query));

  app.use(r);
}
