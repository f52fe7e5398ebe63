import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { people, PUBLIC_URL, SCHOOL, startSystem } from '../harness.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

const start = '2024-08-20T08:00:00+08:00';
const end = '2024-08-21T17:00:00+08:00';
const PERIOD = '113-08-20 (二) 08:00 ~ 113-08-21 (三) 17:00';
const ref = (formId: string) => ({ formId, kind: 'leave' as const, applicantId: people.teacher.id, agencyId: SCHOOL });

describe('notification service (real directory, RabbitMQ, FerretDB and an SMTP server)', function () {
  this.timeout(60_000);
  let sys: System;

  before(async () => {
    sys = await startSystem();
  });
  after(async () => {
    await sys?.stop();
  });

  /** A form submitted by the teacher with the director as deputy: the event the leave service publishes. */
  async function submitted(formId = `F-${randomUUID()}`) {
    const event = await sys.publish('leave.request.submitted', {
      ...ref(formId),
      hours: 16,
      leaveType: 'sick',
      submission: 1,
      status: 'waiting-for-deputy',
      deputyId: people.director.id,
      start,
      end,
      minutes: 960,
    });
    await sys.handled(event.id);
    return { formId, event };
  }

  const link = (path: string) => `${PUBLIC_URL}/sso/kh-edu?return_to=${encodeURIComponent(path)}`;

  it('asks the deputy by mail (read back from the SMTP server) and in the app: the summary, ROC dates, a deep link through the portal', async () => {
    const { formId, event } = await submitted();
    const mails = sys.mailsTo(people.director.email, formId);
    expect(mails).to.have.length(1);
    const mail = mails[0]!;
    expect(mail.subject).to.equal(`[差勤] ${people.teacher.name} 請您擔任差假職務代理人`);
    expect(mail.text).to.contain(`${people.director.name} 您好：`);
    expect(mail.text).to.contain(`期間：${PERIOD}`);
    expect(mail.text).to.contain(link(`/deputy/cases?form=${formId}`));
    expect(mail.html).to.contain('113-08-20 (二) 08:00');
    // The leave type (病假 here) and national IDs stay out of mail.
    expect(mail.text + mail.html).to.not.match(/病假|sick|[A-Z][12]\d{8}/);
    expect(mail.messageId).to.contain(event.id);

    const mine = await sys.call(people.director.id, 'GET', '/me');
    expect(mine.status).to.equal(200);
    const item = mine.body.items.find((i: { id: string }) => i.id === `${event.id}:${people.director.id}`);
    expect(item).to.include({ category: 'deputy', link: `/deputy/cases?form=${formId}`, read: false });
    expect(item.title).to.equal(`${people.teacher.name} 請您擔任差假職務代理人`);
    // Nobody else is told.
    expect(sys.mailsTo(people.teacher.email, formId)).to.have.length(0);
  });

  it('sends nothing twice for a redelivered event, even one the inbox had forgotten (a crash between the write and the ack)', async () => {
    const { formId, event } = await submitted();
    expect(sys.mailsTo(people.director.email, formId)).to.have.length(1);
    // As if the process had died after sending, before its inbox record: the same envelope comes again.
    await sys.notification.runtime.mongo.collection('processed_events').deleteMany({ eventId: event.id });
    expect(await sys.inbox.has(event.id)).to.equal(false);
    await sys.republish(event);
    await sys.handled(event.id);
    expect(sys.mailsTo(people.director.email, formId)).to.have.length(1);
    expect(await sys.notifications.countDocuments({ eventId: event.id })).to.equal(1);
  });

  it('tells the new deputy of a 代理移轉, naming who handed it on', async () => {
    const { formId } = await submitted();
    const event = await sys.publish('leave.request.deputy-transferred', {
      ...ref(formId),
      formVersion: 3,
      fromDeputyId: people.director.id,
      toDeputyId: people.personnel.id,
    });
    await sys.handled(event.id);
    const mails = sys.mailsTo(people.personnel.email, formId);
    expect(mails).to.have.length(1);
    expect(mails[0]!.subject).to.equal(`[差勤] ${people.director.name} 將 ${people.teacher.name} 的差假代理移轉給您`);
    expect(mails[0]!.text).to.contain(PERIOD);
  });

  it('tells each approver of a step it is their turn (approval.step.started), linking to the case', async () => {
    const { formId } = await submitted();
    const caseId = `${formId}:request:1`;
    const event = await sys.publish(
      'approval.step.started',
      {
        caseId,
        ...ref(formId),
        subject: 'request',
        step: 0,
        stepLabel: '單位主管',
        approverIds: [people.principal.id, people.personnel.id],
      },
      'approval',
    );
    await sys.handled(event.id);
    for (const approver of [people.principal, people.personnel]) {
      const mails = sys.mailsTo(approver.email, formId);
      expect(mails, approver.name).to.have.length(1);
      expect(mails[0]!.subject).to.equal(`[差勤] 待您批核：${people.teacher.name} 的差假申請`);
      expect(mails[0]!.text)
        .to.contain('已送至「單位主管」')
        .and.contain(link(`/approvals/${encodeURIComponent(caseId)}`));
    }
  });

  it('reminds the approvers of a step that waits, a stand-in deputy with whom they act for', async () => {
    const { formId } = await submitted();
    const event = await sys.publish(
      'approval.step.overdue',
      {
        caseId: `${formId}:request:1`,
        ...ref(formId),
        stepLabel: '校長',
        approverIds: [people.director.id],
        onBehalfOf: { [people.director.id]: people.principal.id },
        waitingMinutes: 540,
      },
      'approval',
    );
    await sys.handled(event.id);
    const mails = sys.mailsTo(people.director.email, '催辦');
    const mail = mails.find((m) => m.text.includes(formId));
    expect(mail?.subject).to.equal(`[差勤] 催辦：${people.teacher.name} 的差假申請已等候 9 小時`);
    expect(mail?.text).to.contain(`您代理 ${people.principal.name} 批核`);
  });

  it('tells the applicant each outcome, exactly once, with the reason where there is one', async () => {
    const { formId } = await submitted();
    const outcomes = [
      [
        await sys.publish('leave.request.deputy-consented', { ...ref(formId), formVersion: 2, deputyId: people.director.id }),
        `${people.director.name} 已同意擔任您的差假職務代理人`,
        '',
      ],
      [
        await sys.publish('leave.request.deputy-declined', {
          ...ref(formId),
          formVersion: 2,
          deputyId: people.director.id,
          reason: '當天出差',
        }),
        `${people.director.name} 不同意擔任您的差假職務代理人`,
        '理由：當天出差',
      ],
      [await sys.publish('leave.request.approved', { ...ref(formId), decidedBy: people.principal.id }), '您的差假申請已核准（決行）', ''],
      [await sys.publish('leave.request.rejected', { ...ref(formId), reason: '人力不足' }), '您的差假申請未獲核准', '理由：人力不足'],
      [
        await sys.publish('leave.request.returned', { ...ref(formId), reason: '請附證明', by: 'approver' }),
        '您的差假申請已退回修改',
        '理由：請附證明',
      ],
      [await sys.publish('leave.request.cancelled', ref(formId)), '您的差假撤銷申請已核准', ''],
      [
        await sys.publish('leave.request.cancel-rejected', { ...ref(formId), reason: '已銷假' }),
        '您的差假撤銷申請未獲核准',
        '理由：已銷假',
      ],
    ] as const;
    // A deputy's decline also returns the form: the applicant hears of it once (from the decline above).
    const byDeputy = await sys.publish('leave.request.returned', { ...ref(formId), reason: '當天出差', by: 'deputy' });
    for (const [event] of outcomes) await sys.handled(event.id);
    await sys.handled(byDeputy.id);

    const mails = sys.mailsTo(people.teacher.email, formId);
    expect(mails.map((m) => m.subject).sort()).to.deep.equal(outcomes.map(([, title]) => `[差勤] ${title}`).sort());
    for (const [, title, reason] of outcomes) {
      const mail = mails.find((m) => m.subject === `[差勤] ${title}`)!;
      expect(mail.text)
        .to.contain(PERIOD)
        .and.contain(link(`/leave/requests/${formId}`));
      if (reason) expect(mail.text).to.contain(reason);
    }
    const inApp = await sys.notifications.find({ recipientId: people.teacher.id, formId }).lean();
    expect(inApp).to.have.length(outcomes.length);
  });

  it('keeps a category out of mail when the person says so, and in the app', async () => {
    const saved = await sys.call(people.teacher.id, 'PUT', '/me/preferences', { email: { deputy: true, approval: true, result: false } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    // 每日摘要 left out (a client from before it existed) keeps its setting: on.
    expect(saved.body.email).to.deep.equal({ deputy: true, approval: true, result: false, digest: true });
    expect((await sys.call(people.teacher.id, 'GET', '/me/preferences')).body.email.result).to.equal(false);
    const bad = await sys.call(people.teacher.id, 'PUT', '/me/preferences', { email: { deputy: 'yes' } });
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.contain('application/problem+json');
    expect(bad.body.code).to.equal('VALIDATION_FAILED');

    const formId = `F-${randomUUID()}`;
    const event = await sys.publish('leave.request.approved', { ...ref(formId), decidedBy: people.principal.id });
    await sys.handled(event.id);
    expect(sys.mailsTo(people.teacher.email, formId)).to.have.length(0);
    const stored = await sys.doc(`${event.id}:${people.teacher.id}`);
    expect(stored?.mail.status).to.equal('skipped');
    await sys.call(people.teacher.id, 'PUT', '/me/preferences', { email: { deputy: true, approval: true, result: true } });
  });

  it('gets the mail through when the SMTP server refuses, then recovers', async () => {
    sys.mailbox.refuse(true);
    let id = '';
    const formId = `F-${randomUUID()}`;
    try {
      const event = await sys.publish('leave.request.approved', { ...ref(formId), decidedBy: people.principal.id });
      id = `${event.id}:${people.teacher.id}`;
      const refused = await eventually(async () => {
        const d = await sys.doc(id);
        return d && d.mail.attempts >= 1 ? d : undefined;
      }, 'a refused attempt');
      expect(refused.mail.status).to.equal('pending');
      expect(refused.mail.lastError).to.contain('421');
    } finally {
      sys.mailbox.refuse(false);
    }
    const sent = await eventually(async () => {
      const d = await sys.doc(id);
      return d?.mail.status === 'sent' ? d : undefined;
    }, 'the mail sent after the server recovered');
    expect(sent.mail.attempts).to.be.within(2, 3);
    expect(sys.mailsTo(people.teacher.email, formId)).to.have.length(1);
  });

  it('marks the mail failed after the last attempt, lists it for the agency administrator with the reason, and sends it on retry', async () => {
    sys.mailbox.refuse(true);
    const formId = `F-${randomUUID()}`;
    let id = '';
    try {
      const event = await sys.publish('leave.request.rejected', { ...ref(formId), reason: '人力不足' });
      id = `${event.id}:${people.teacher.id}`;
      const failed = await eventually(async () => {
        const d = await sys.doc(id);
        return d?.mail.status === 'failed' ? d : undefined;
      }, 'the mail marked failed');
      expect(failed.mail.attempts).to.equal(3);
      expect(failed.mail.lastError).to.contain('421');
      expect(failed.mailDueAt).to.equal(undefined);
    } finally {
      sys.mailbox.refuse(false);
    }
    // In the app all the same.
    expect((await sys.call(people.teacher.id, 'GET', '/me')).body.items.map((i: { id: string }) => i.id)).to.include(id);

    const listed = await sys.call(people.schoolAdmin.id, 'GET', '/failed', undefined, ['agency-admin']);
    expect(listed.status).to.equal(200);
    const row = listed.body.items.find((i: { id: string }) => i.id === id);
    expect(row).to.include({
      recipientId: people.teacher.id,
      recipientName: people.teacher.name,
      agencyId: SCHOOL,
      categoryLabel: '申請結果通知',
      attempts: 3,
      to: 'te***@guanghua.demo',
    });
    expect(row.reason).to.contain('421');
    const refused = await sys.call(people.teacher.id, 'GET', '/failed');
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('NOTIFICATION_ADMIN_ONLY');
    // The attendance manager (人事) is not the agency administrator: refused too (DIRECTORY_PERMISSIONS' view-failed-mail).
    const byPersonnel = await sys.call(people.personnel.id, 'GET', '/failed', undefined, ['attendance-manager']);
    expect(byPersonnel.status).to.equal(403);
    expect(byPersonnel.body.code).to.equal('NOTIFICATION_ADMIN_ONLY');

    expect(sys.mailsTo(people.teacher.email, formId)).to.have.length(0);
    const retried = await sys.call(people.schoolAdmin.id, 'POST', `/failed/${encodeURIComponent(id)}/retry`, undefined, ['agency-admin']);
    expect(retried.status).to.equal(202);
    await eventually(async () => ((await sys.doc(id))?.mail.status === 'sent' ? true : undefined), 'the retried mail sent');
    expect(sys.mailsTo(people.teacher.email, formId)).to.have.length(1);
  });

  it('counts unread for the bell (304 while unchanged), marks one and all read, and never shows another person’s', async () => {
    const { event } = await submitted();
    const id = `${event.id}:${people.director.id}`;
    const first = await sys.call(people.director.id, 'GET', '/me/unread-count');
    expect(first.status).to.equal(200);
    expect(first.body.unread).to.be.above(0);
    expect(first.body.latestId).to.equal(id);
    expect(first.headers.get('cache-control')).to.equal('private, no-cache');
    // What a browser sends when it revalidates the answer it keeps (fetch() would add `no-cache` to a hand-set If-None-Match).
    const etag = first.headers.get('etag')!;
    const same = await sys.call(people.director.id, 'GET', '/me/unread-count', undefined, [], {
      'if-none-match': etag,
      'cache-control': 'max-age=0',
    });
    expect(
      same.status,
      `etag ${etag}, then ${same.headers.get('etag')} ${JSON.stringify(same.body)} after ${JSON.stringify(first.body)}`,
    ).to.equal(304);

    expect((await sys.call(people.teacher.id, 'POST', `/me/${encodeURIComponent(id)}/read`)).status).to.equal(404);
    expect((await sys.call(people.director.id, 'POST', `/me/${encodeURIComponent(id)}/read`)).status).to.equal(204);
    const after = await sys.call(people.director.id, 'GET', '/me/unread-count', undefined, [], {
      'if-none-match': etag,
      'cache-control': 'max-age=0',
    });
    expect(after.status).to.equal(200);
    expect(after.body.unread).to.equal(first.body.unread - 1);

    const all = await sys.call(people.director.id, 'POST', '/me/read-all');
    expect(all.status).to.equal(200);
    expect(all.body.marked).to.equal(first.body.unread - 1);
    const list = await sys.call(people.director.id, 'GET', '/me?limit=1');
    expect(list.body).to.include({ unread: 0, page: 1, hasMore: true });
    expect(list.body.items).to.have.length(1);
    expect(list.body.items[0].read).to.equal(true);
  });
});
