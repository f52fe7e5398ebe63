import { expect } from 'chai';
import { build } from 'esbuild';
import { z } from 'zod';
import { batchApproveCommand, decideStepBody, listInboxQuery } from './approval.ts';
import { agencyPunchRecordsQuery } from './attendance.ts';
import { auditQuery, maskIpAddress } from './audit.ts';
import { postAnnouncementCommand } from './notification.ts';
import { DIRECTORY_PERMISSIONS, createPersonBody, rolesAllow, searchPeopleBody, separationBody } from './directory.ts';
import {
  addCalendarEntryCommand,
  forgottenPunchCommand,
  leaveCommand,
  leaveQuoteCommand,
  LEAVE_TYPE_CODES,
  LEAVE_TYPE_NAMES,
  listMyFormsQuery,
} from './leave.ts';

/** Bundle `export * from specifier` for browsers, as the web app's bundler would: the inputs, or the errors. */
async function bundleForBrowser(specifier: string): Promise<{ inputs: string[]; errors: string[] }> {
  try {
    const result = await build({
      stdin: { contents: `export * from '${specifier}';`, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return { inputs: Object.keys(result.metafile.inputs), errors: [] };
  } catch (error) {
    return { inputs: [], errors: ((error as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text) };
  }
}

/** Node modules and server-side packages the web app must never pull in. */
const serverSide = (inputs: string[]) => inputs.filter((i) => /^node:|zod-openapi|mongoose|@webitr\/platform|national-calendar/.test(i));

/** The first issue's path and message, as the web app shows it beside the field. */
function fieldError(schema: z.ZodType, input: unknown): { path: string; message: string } | undefined {
  const result = schema.safeParse(input);
  const issue = result.success ? undefined : result.error.issues[0];
  return issue && { path: issue.path.join('.'), message: issue.message };
}

describe('forms: the app operations’ schemas', () => {
  for (const entry of [
    '@webitr/contracts/forms/leave',
    '@webitr/contracts/forms/approval',
    '@webitr/contracts/forms/attendance',
    '@webitr/contracts/forms/directory',
    '@webitr/contracts/forms/directory-terms',
    '@webitr/contracts/views/leave',
    '@webitr/contracts/views/directory',
    '@webitr/contracts/views/approval',
    '@webitr/contracts/views/attendance',
    '@webitr/contracts/forms/notification',
    '@webitr/contracts/views/notification',
    '@webitr/contracts/forms/audit',
  ]) {
    it(`${entry} bundles for the browser without node modules, zod-openapi or the platform`, async () => {
      const { inputs, errors } = await bundleForBrowser(entry);
      expect(errors).to.deep.equal([]);
      expect(serverSide(inputs)).to.deep.equal([]);
    });
  }

  it('is a check that can fail: the package entry pulls zod-openapi', async () => {
    const { inputs, errors } = await bundleForBrowser('@webitr/contracts');
    expect([...errors, ...serverSide(inputs)].join('\n')).to.match(/zod-openapi/);
  });

  it('reads 刷卡資料 searches and calendar entries as the services do, naming the field in zh-TW', () => {
    expect(agencyPunchRecordsQuery.parse({ from: '115-11-01', q: ' 陳 ', page: '2' })).to.deep.equal({
      from: '2026-11-01',
      q: '陳',
      filter: 'all',
      page: 2,
      pageSize: 50,
    });
    expect(fieldError(agencyPunchRecordsQuery, { filter: 'late' })?.path).to.equal('filter');
    expect(fieldError(addCalendarEntryCommand, { date: '115-10-14', kind: 'closure', name: '颱風', from: '9:00' })).to.deep.equal({
      path: 'from',
      message: '時間格式為 HH:MM',
    });
    expect(addCalendarEntryCommand.parse({ date: '115-10-14', kind: 'closure', name: ' 颱風停止上班上課 ' })).to.deep.equal({
      date: '2026-10-14',
      kind: 'closure',
      name: '颱風停止上班上課',
    });
  });

  const draft = { leaveType: 'personal', start: '115-12-23 08:00', end: '115-12-23 17:00', reason: '家中有事' };

  it('reads a leave draft as the services do: ROC date-times to instants, defaults filled', () => {
    expect(leaveCommand.parse(draft)).to.deep.equal({
      leaveType: 'personal',
      start: new Date('2026-12-23T00:00:00Z'),
      end: new Date('2026-12-23T09:00:00Z'),
      reason: '家中有事',
      remarks: [],
      attachmentIds: [],
    });
  });

  it('gives the zh-TW messages the API gives, on the field', () => {
    expect(fieldError(leaveCommand, { ...draft, reason: '  ' })).to.deep.equal({ path: 'reason', message: '事由不得空白' });
    expect(fieldError(leaveCommand, { ...draft, location: '地'.repeat(21) })).to.deep.equal({
      path: 'location',
      message: '地點上限20個字',
    });
    expect(fieldError(leaveCommand, { ...draft, start: '112-02-29 08:00' })).to.deep.equal({
      path: 'start',
      message: '「112-02-29」沒有這一天',
    });
    expect(fieldError(forgottenPunchCommand, { date: '115-12-23', direction: 'in', time: '8:00', reason: '忘了' })).to.deep.equal({
      path: 'time',
      message: '時間格式為 HH:MM',
    });
    expect(fieldError(listInboxQuery, { from: '2026-12-23T00:00:00+08:00', to: '2026-12-22T00:00:00+08:00' })).to.deep.equal({
      path: 'to',
      message: '迄日須晚於起日',
    });
  });

  it('lets a quote go without 事由 and for one applicant', () => {
    const { reason: _reason, ...withoutReason } = draft;
    expect(leaveQuoteCommand.safeParse({ ...withoutReason, applicantId: 'p1' }).success).to.equal(true);
    expect(leaveCommand.safeParse(withoutReason).success).to.equal(false);
    expect(leaveQuoteCommand.safeParse({ ...draft, applicantIds: ['p1'] }).data).to.not.have.property('applicantIds');
  });

  it('names every leave type and the fields by the titles users know', () => {
    expect(LEAVE_TYPE_CODES.filter((code) => !LEAVE_TYPE_NAMES[code])).to.deep.equal([]);
    expect(leaveCommand.shape.reason.meta()?.title).to.equal('事由');
    expect(decideStepBody.shape.comment.meta()?.title).to.equal('批核意見');
    expect(batchApproveCommand.safeParse({ caseIds: [] }).success).to.equal(false);
    expect(listMyFormsQuery.parse({})).to.deep.equal({ box: 'mine', status: 'all', limit: 100 });
  });

  it('reads a new person as the directory does, naming the field of a bad national ID without repeating it', () => {
    const person = { nationalId: ' e123456783 ', name: '新人', jobCategory: '職員', serviceStartDate: '115-08-01' };
    expect(createPersonBody.parse(person)).to.deep.include({ nationalId: 'E123456783', serviceStartDate: '2026-08-01', status: 'active' });
    const bad = fieldError(createPersonBody, { ...person, nationalId: 'E123456789' });
    expect(bad).to.deep.equal({ path: 'nationalId', message: '身分證字號檢查碼錯誤' });
    expect(fieldError(separationBody, {})).to.deep.include({ path: 'reason' });
    expect(searchPeopleBody.parse({})).to.deep.equal({ includeSubunits: false, page: 1, pageSize: 50 });
  });

  it('says who may do what, per agency: the table the directory enforces and the 管理 menu follows', () => {
    const school = 'KH-GUANGHUA-ES';
    const at = (role: 'agency-admin' | 'attendance-manager' | 'system-admin' | 'employee', agencyId = school) => [{ role, agencyId }];
    expect(rolesAllow(at('agency-admin'), 'manage-apps', school)).to.equal(true);
    expect(rolesAllow(at('agency-admin', 'KH-EDU'), 'manage-apps', school)).to.equal(false);
    expect(rolesAllow(at('attendance-manager'), 'import-people', school)).to.equal(true);
    expect(rolesAllow(at('attendance-manager'), 'manage-apps', school)).to.equal(false);
    expect(rolesAllow(at('employee'), 'view-people', school)).to.equal(false);
    expect(rolesAllow(at('system-admin', 'TP-DOIT'), 'view-change-log', school)).to.equal(true);
    expect(DIRECTORY_PERMISSIONS['manage-agencies']).to.deep.equal([]);
  });
});

describe('forms: 人事公告欄 and the audit log', () => {
  it('reads an announcement with ROC or ISO dates, the whole agency by default, and names a reversed period at 公告迄日', () => {
    const command = postAnnouncementCommand.parse({
      agencyId: 'KH-GUANGHUA-ES',
      title: ' 年終考核作業 ',
      body: '請於期限內繳交。',
      startDate: '115-12-01',
      endDate: '2026-12-31',
    });
    expect(command).to.deep.include({ title: '年終考核作業', startDate: '2026-12-01', endDate: '2026-12-31', unitIds: [] });
    expect(
      fieldError(postAnnouncementCommand, { agencyId: 'A', title: 'x', body: 'y', startDate: '115-12-02', endDate: '115-12-01' }),
    ).to.deep.equal({ path: 'endDate', message: '公告迄日不可早於公告起日' });
    expect(
      fieldError(postAnnouncementCommand, { agencyId: 'A', title: ' ', body: 'y', startDate: '115-12-01', endDate: '115-12-01' }),
    ).to.deep.equal({ path: 'title', message: '請輸入標題' });
  });

  it('reads the audit filters and masks addresses to their network', () => {
    expect(auditQuery.parse({ outcome: 'refused', from: '115-11-01', page: '2' })).to.deep.equal({
      outcome: 'refused',
      from: '2026-11-01',
      page: 2,
      pageSize: 50,
    });
    expect(fieldError(auditQuery, { from: '115-11-02', to: '115-11-01' })?.path).to.equal('to');
    expect(fieldError(auditQuery, { type: 'everything' })?.path).to.equal('type');
    expect(maskIpAddress('203.0.113.45')).to.equal('203.0.113.x');
    expect(maskIpAddress('::ffff:10.1.2.3')).to.equal('10.1.2.x');
    expect(maskIpAddress('2001:db8:1:2::5')).to.equal('2001:db8:1:*');
  });
});
