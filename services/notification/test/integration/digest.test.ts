import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Broker, createEvent, databaseName, loadConfig } from '@webitr/platform';
import { startMailbox } from '@webitr/dev-mailbox';
import type { Mailbox } from '@webitr/dev-mailbox';
import { cleanupNamespace, eventually, suiteNamespace, testServiceConfig, testUris } from '@webitr/testkit';
import { configSchema as approvalConfigSchema } from '@webitr/approval/config';
import { start as startApproval } from '@webitr/approval/service';
import { configSchema as directoryConfigSchema } from '@webitr/directory/config';
import { start as startDirectory } from '@webitr/directory/service';
import { configSchema as punchConfigSchema } from '@webitr/punch-card-ingest/config';
import { start as startPunch } from '@webitr/punch-card-ingest/service';
import { configSchema } from '../../src/config.ts';
import type { MailQueue } from '../../src/mail/queue.ts';
import { start as startNotification } from '../../src/service.ts';
import * as sendDailyDigests from '../../src/usecases/send-daily-digests/index.ts';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { logger, people, PUBLIC_URL, SCHOOL } from '../harness.ts';

/**
 * The daily digest end to end: the real directory (demo seed), approval
 * service (demo flows) and punch-card-ingest service answer the internal
 * calls; the mail is read back from an SMTP server in process.
 */
describe('daily digest (real approval, punch-card-ingest, directory, SMTP server)', function () {
  this.timeout(90_000);
  const namespace = suiteNamespace('notification-digest');
  let mailbox: Mailbox;
  let stops: (() => Promise<unknown>)[] = [];
  let system: {
    notification: Awaited<ReturnType<typeof startNotification>>;
    approval: Awaited<ReturnType<typeof startApproval>>;
    punch: Awaited<ReturnType<typeof startPunch>>;
    leave: Broker;
  };

  before(async () => {
    mailbox = await startMailbox();
    const directory = await startDirectory(
      loadConfig(directoryConfigSchema, await testServiceConfig(namespace, { DIRECTORY_SEED_DEMO: 'true' })),
      { logger },
    );
    const approval = await startApproval(
      loadConfig(approvalConfigSchema, await testServiceConfig(namespace, { DIRECTORY_URL: directory.url, APPROVAL_SEED_DEMO: 'true' })),
      {},
    );
    const punch = await startPunch(loadConfig(punchConfigSchema, await testServiceConfig(namespace, { DIRECTORY_URL: directory.url })), {
      logger,
    });
    const notification = await startNotification(
      loadConfig(
        configSchema,
        await testServiceConfig(namespace, {
          DIRECTORY_URL: directory.url,
          APPROVAL_URL: approval.url,
          PUNCH_CARD_INGEST_URL: punch.url,
          SMTP_URL: `smtp://127.0.0.1:${mailbox.smtpPort}`,
          PUBLIC_URL,
          NOTIFICATION_PORTALS: JSON.stringify({ [SCHOOL]: 'kh-edu' }),
          // The test runs the job's check itself, at the times it sets.
          DIGEST_CHECK_INTERVAL_MS: '3600000',
        }),
      ),
    );
    const leave = new Broker({ url: testUris().amqp, namespace, service: 'leave', logger });
    system = { notification, approval, punch, leave };
    stops = [
      () => leave.close(),
      () => notification.runtime.lifecycle.shutdown('test over'),
      () => punch.runtime.lifecycle.shutdown('test over'),
      () => approval.runtime.lifecycle.shutdown('test over'),
      () => directory.runtime.lifecycle.shutdown('test over'),
      () => mailbox.close(),
    ];
  });

  after(async () => {
    for (const stop of stops) await stop();
    await cleanupNamespace({
      namespace,
      consumers: ['notification', 'directory', 'approval', 'punch-card-ingest'],
      databases: ['notification', 'directory', 'approval', 'punch-card-ingest'].map((s) => databaseName(s, namespace)),
    });
  });

  /** A 1-day 事假 of the teacher sent for approval (the leave service's event); the director (unit head) decides it. */
  async function waitingForDirector(startIso: string) {
    const formId = `F-${randomUUID()}`;
    const start = new Date(startIso);
    await system.leave.publish(
      createEvent(
        'leave.request.approval-requested',
        {
          formId,
          kind: 'leave',
          applicantId: people.teacher.id,
          agencyId: SCHOOL,
          submission: 1,
          leaveType: 'personal',
          start: start.toISOString(),
          end: new Date(start.getTime() + 9 * 3_600_000).toISOString(),
          minutes: 480,
          deputyId: people.personnel.id,
        },
        'leave',
      ),
    );
    const caseId = `${formId}:request:1`;
    await eventually(async () => (await system.approval.ctx.cases.findById(caseId).lean())?.status, `case ${caseId} opened`);
    const opened = (await system.approval.ctx.cases.findById(caseId).lean())!;
    expect(opened.currentApproverIds, 'the demo flow routes the teacher to the director').to.deep.equal([people.director.id]);
    return caseId;
  }

  /** A computed day, as the attendance job stores it (with an anomaly, or 正常). */
  async function day(personId: string, date: string, code: 'missing-out' | 'late' | 'normal', label: string) {
    await system.punch.ctx.models.days.create({
      _id: `${personId}|${date}`,
      personId,
      agencyId: SCHOOL,
      date,
      forms: {},
      result: { code, label },
      anomaly: code !== 'normal',
      computedAt: new Date(),
    });
  }

  const digests = (address: string) => mailbox.messages.filter((m) => m.to.includes(address) && m.subject.includes('每日摘要'));
  const settled = () => (system.notification.ctx.mail as MailQueue).idle();
  const link = (path: string) => `${PUBLIC_URL}/sso/kh-edu?return_to=${encodeURIComponent(path)}`;

  it("sends each person one digest a day: the approver's waiting cases oldest first, yesterday's anomalies, the agency's count for its attendance manager", async () => {
    await waitingForDirector('2026-12-01T08:00:00+08:00');
    await waitingForDirector('2026-12-02T08:00:00+08:00');
    await day(people.teacher.id, '2026-11-23', 'missing-out', '未刷下班卡');
    await day(people.principal.id, '2026-11-23', 'late', '遲到');
    await day(people.principal.id, '2026-11-20', 'late', '遲到'); // another day: not in this digest
    await day(people.director.id, '2026-11-23', 'normal', '正常');
    await day(people.personnel.id, '2026-11-23', 'normal', '正常');
    // Everyone else at the school never punched that Monday and no day of theirs is stored: 曠職 all the same
    // (judged as 出勤異常 judges it) — the one a personnel officer most needs to hear of. Not the separated one.
    const absent = DEMO_ACCOUNTS.filter(
      (a) => a.agencyId === SCHOOL && a.status !== 'separated' && !['teacher', 'principal', 'director', 'personnel'].includes(a.username),
    );
    expect(absent.map((a) => a.username)).to.include('school-admin');

    const created = await sendDailyDigests.execute(system.notification.ctx, { date: '2026-11-24' });
    await settled();
    expect(created).to.include.members([
      `daily-digest:2026-11-24:${people.director.id}`,
      `daily-digest:2026-11-24:${people.teacher.id}`,
      `daily-digest:2026-11-24:${people.principal.id}`,
      `daily-digest:2026-11-24:${people.personnel.id}`,
    ]);

    const [director] = digests(people.director.email);
    expect(digests(people.director.email)).to.have.length(1);
    expect(director!.subject).to.equal('[差勤] 每日摘要 115-11-24 (二)：待批核 2 件');
    expect(director!.text).to.contain('待您批核的案件共 2 件（由最早者起）：\n1. 差假申請，');
    expect(director!.text).to.contain(link('/approvals'));
    // Oldest first: the case opened first waits longest.
    const [first, second] = [...director!.text.matchAll(/\d\. 差假申請，(.+) 起等候批核/g)].map((m) => m[1]!);
    expect(first! <= second!).to.equal(true);
    // Counts and kinds only: no applicant, leave type or reason.
    expect(director!.text + director!.html).to.not.contain(people.teacher.name);
    expect(director!.text + director!.html).to.not.match(/事假|personal/);

    const [teacher] = digests(people.teacher.email);
    expect(digests(people.teacher.email)).to.have.length(1);
    expect(teacher!.subject).to.equal('[差勤] 每日摘要 115-11-24 (二)：昨日出勤異常（未刷下班卡）');
    expect(teacher!.text).to.contain('您 115-11-23 (一) 的出勤異常：\n未刷下班卡');
    expect(teacher!.text).to.contain(link('/attendance/anomalies'));

    expect(digests(people.principal.email).map((m) => m.subject)).to.deep.equal(['[差勤] 每日摘要 115-11-24 (二)：昨日出勤異常（遲到）']);
    expect(digests(people.schoolAdmin.email).map((m) => m.subject)).to.deep.equal(['[差勤] 每日摘要 115-11-24 (二)：昨日出勤異常（曠職）']);
    const separated = DEMO_ACCOUNTS.find((a) => a.agencyId === SCHOOL && a.status === 'separated')!;
    expect(created).to.not.include(`daily-digest:2026-11-24:demo-${separated.username}`);

    const [manager] = digests(people.personnel.email);
    expect(digests(people.personnel.email)).to.have.length(1);
    expect(manager!.text).to.contain(`本機關 115-11-23 (一) 的出勤異常：\n共 ${2 + absent.length} 筆`);
    expect(manager!.text).to.contain(link('/attendance/anomalies?scope=agency'));
    // The manager's digest names nobody's anomaly.
    expect(manager!.text).to.not.contain(people.teacher.name);

    // In the app too, in its own category.
    const item = await system.notification.ctx.notifications.findById(`daily-digest:2026-11-24:${people.director.id}`).lean();
    expect(item).to.include({ category: 'digest', link: '/approvals', eventType: 'daily-digest' });

    // Running again the same day sends nothing more, even when the day's mark is gone (a crash before it was written).
    expect(await sendDailyDigests.execute(system.notification.ctx, { date: '2026-11-24' })).to.deep.equal([]);
    await system.notification.ctx.digestRuns.deleteOne({ _id: '2026-11-24' });
    expect(await sendDailyDigests.execute(system.notification.ctx, { date: '2026-11-24' })).to.deep.equal([]);
    await settled();
    for (const person of [people.director, people.teacher, people.principal, people.personnel, people.schoolAdmin])
      expect(digests(person.email), person.name).to.have.length(1);
  });

  it('goes out once the configured Taipei time (07:30 by default) has come, for that day', async () => {
    const ctx = system.notification.ctx;
    const realClock = ctx.clock;
    // A Sunday: the day before is a Saturday (休息日), no one's anomaly, so only the approver's digest goes out.
    try {
      ctx.clock = () => new Date('2026-11-29T07:29:00+08:00');
      expect(await sendDailyDigests.executeIfDue(ctx, '07:30')).to.deep.equal([]);
      expect(await ctx.digestRuns.exists({ _id: '2026-11-29' })).to.equal(null);
      ctx.clock = () => new Date('2026-11-29T07:31:00+08:00');
      expect(await sendDailyDigests.executeIfDue(ctx, '07:30')).to.deep.equal([`daily-digest:2026-11-29:${people.director.id}`]);
      await settled();
      expect(digests(people.director.email).map((m) => m.subject)).to.include('[差勤] 每日摘要 115-11-29 (日)：待批核 2 件');
      expect(await sendDailyDigests.executeIfDue(ctx, '07:30')).to.deep.equal([]);
    } finally {
      ctx.clock = realClock;
    }
  });
});
