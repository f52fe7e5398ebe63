import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { people, SCHOOL, startSystem } from '../harness.ts';

/**
 * The approval service with the real leave service and the real directory
 * (demo school) in one namespace. Nothing is published by hand: the teacher
 * files and modifies forms and the deputy consents through the leave API, the
 * approvers find the cases in their 批核案件 (/inbox) and decide them through
 * the approval API, and the leave service's API shows what came of it — the
 * form's status and the 事假 balance (reserved, consumed, remaining).
 */

type System = Awaited<ReturnType<typeof startSystem>>;

/** The teacher's deputy (職務代理人): the school's 資訊組長 in 總務處. */
const DEPUTY = 'demo-school-admin';
/** A teacher's 事假 (教師請假規則: 7 days a school year, 8 working hours a day). */
const DAY = 480;
const PERSONAL_GRANT = 7 * DAY;

interface Usage {
  reserved: number;
  consumed: number;
  remaining: number;
}

interface LeaveForm {
  id: string;
  status: string;
  submission: number;
  minutes: number;
  duration: string;
  deputy?: { personId: string; status: string };
  decision?: { by: string; reason?: string; comment?: string };
  cancel?: { reason: string; outcome?: string };
}

interface InboxItem {
  caseId: string;
  formId: string;
  subject: 'request' | 'cancellation';
  step: string;
  final: boolean;
  countersign: boolean;
  version: number;
}

describe('approval with the real leave service: decisions flow back and settle the balance (integration)', function () {
  this.timeout(120_000);
  let system: System;
  // Both services' clock: Monday 114-09-01 09:00, early in school year 114; the leave asked for is later in September.
  const now = new Date('2025-09-01T09:00:00+08:00');

  const leave = (personId: string, method: string, path: string, body?: unknown) => system.callLeave(personId, method, path, body);
  const approval = (personId: string, method: string, path: string, body?: unknown) => system.call(personId, method, path, body);

  /** The teacher's 事假 as the leave service's 差假申請 screen shows it (GET /leave-types). */
  async function personal(): Promise<Usage & { granted: number }> {
    const res = await leave(people.teacher, 'GET', '/leave-types');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const balance = (res.body.types as { code: string; balance?: Usage & { granted: number } }[]).find(
      (t) => t.code === 'personal',
    )?.balance;
    expect(balance, 'the 事假 balance').to.not.equal(undefined);
    const { granted, reserved, consumed, remaining } = balance!;
    return { granted, reserved, consumed, remaining };
  }

  async function usage(): Promise<Usage> {
    const { reserved, consumed, remaining } = await personal();
    return { reserved, consumed, remaining };
  }

  /** A balance moved by these minutes (each test states what it does to the balance as it found it). */
  const moved = (from: Usage, by: Partial<Usage>): Usage => ({
    reserved: from.reserved + (by.reserved ?? 0),
    consumed: from.consumed + (by.consumed ?? 0),
    remaining: from.remaining + (by.remaining ?? 0),
  });

  /** Wait until the balance shows exactly this (the leave service settles it after the form changes). */
  async function balanceReaches(expected: Usage): Promise<void> {
    let last: Usage | undefined;
    await eventually(
      async () => {
        last = await usage();
        return last.reserved === expected.reserved && last.consumed === expected.consumed && last.remaining === expected.remaining
          ? true
          : undefined;
      },
      `the 事假 balance to be ${JSON.stringify(expected)}`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it is ${JSON.stringify(last)}`);
    });
  }

  /** The balance is this and stays so while the leave service handles what it was sent (nothing settles it later). */
  async function balanceHolds(expected: Usage, forMs = 1_500): Promise<void> {
    const until = Date.now() + forMs;
    do {
      expect(await usage()).to.deep.equal(expected);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < until);
  }

  async function form(formId: string): Promise<LeaveForm> {
    const res = await leave(people.teacher, 'GET', `/forms/${formId}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as LeaveForm;
  }

  async function formReaches(formId: string, status: string): Promise<LeaveForm> {
    let last: string | undefined;
    return eventually(async () => {
      const found = await form(formId);
      last = found.status;
      return found.status === status ? found : undefined;
    }, `form ${formId} to be ${status}`).catch((error: Error) => {
      throw new Error(`${error.message}; it is ${last}`);
    });
  }

  /** 差假申請 of 事假 by the teacher, with the deputy named. */
  async function submit(start: string, end: string): Promise<LeaveForm> {
    const res = await leave(people.teacher, 'POST', '/forms/leave', {
      leaveType: 'personal',
      start,
      end,
      reason: '家中有事',
      deputyId: DEPUTY,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const filed = res.body.items[0] as LeaveForm;
    expect(filed).to.include({ status: 'waiting-for-deputy', submission: 1 });
    return filed;
  }

  /** The deputy consents (同意) in the leave service, which sends the form to approval. */
  async function consent(formId: string): Promise<void> {
    const res = await leave(DEPUTY, 'POST', `/forms/${formId}/deputy/consent`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.status).to.equal('in-approval');
  }

  /** The case of a form (or of its cancellation) as it shows in an approver's 批核案件. */
  function inboxItem(approverId: string, formId: string, subject: InboxItem['subject']): Promise<InboxItem> {
    return eventually(async () => {
      const res = await approval(approverId, 'GET', '/inbox');
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return (res.body.items as InboxItem[]).find((i) => i.formId === formId && i.subject === subject);
    }, `the ${subject} of ${formId} in ${approverId}'s inbox`);
  }

  /** An approver decides the case waiting for them, on the version their inbox showed. */
  async function decide(
    approverId: string,
    formId: string,
    subject: InboxItem['subject'],
    action: 'approve' | 'reject' | 'return',
    comment?: string,
  ) {
    const item = await inboxItem(approverId, formId, subject);
    const res = await approval(approverId, 'POST', `/cases/${encodeURIComponent(item.caseId)}/decisions`, {
      action,
      version: item.version,
      ...(comment ? { comment } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return { item, result: res.body as { caseId: string; status: string; result: string } };
  }

  before(async () => {
    system = await startSystem({ leave: { clock: () => now }, approvalClock: () => now });
    // The school's flows, set up by its attendance manager (the personnel officer) through the approval API:
    // up to 3 days the unit head decides; longer, the unit head, a 人事室 countersign (會畢), the principal (決行).
    const manager = (method: string, path: string, body: unknown) =>
      system.call(people.personnel, method, path, body, ['attendance-manager']);
    const personnelUnitId = (await system.directory.ctx.models.Unit.findOne({ agencyId: SCHOOL, name: '人事室' }).lean())!._id;
    const setUp = [
      await manager('PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校教職員', isDefault: true }),
      await manager('PUT', `/agencies/${SCHOOL}/flow-groups/principal`, { name: '校長', personIds: [people.principal] }),
      await manager('PUT', `/agencies/${SCHOOL}/category-groups/leave`, { name: '差假', formKinds: ['leave', 'comp-time'] }),
      await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '校長差假',
        flowGroupId: 'principal',
        categoryGroupId: 'leave',
        steps: [{ approver: { kind: 'person', personId: people.cityAdmin }, label: '教育局' }],
      }),
      await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '教職員差假',
        flowGroupId: 'all-staff',
        categoryGroupId: 'leave',
        steps: [
          { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'lte', value: 3 } },
          { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'gt', value: 3 } },
          {
            approver: { kind: 'unit', unitId: personnelUnitId },
            label: '人事室',
            countersign: true,
            when: { measure: 'days', op: 'gt', value: 3 },
          },
          { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
        ],
      }),
    ];
    expect(
      setUp.map((r) => r.status),
      JSON.stringify(setUp.map((r) => r.body)),
    ).to.deep.equal([200, 200, 200, 201, 201]);
    // 代理人設定 in the leave service, before the teacher's first request.
    const deputies = await leave(people.teacher, 'POST', '/deputies', { personId: DEPUTY });
    expect(deputies.status, JSON.stringify(deputies.body)).to.equal(201);
  });

  after(() => system?.stop());

  it('starts with the whole school year of 事假 and nothing held', async () => {
    expect(await personal()).to.deep.equal({ granted: PERSONAL_GRANT, reserved: 0, consumed: 0, remaining: PERSONAL_GRANT });
  });

  it('quotes a 4-day draft with the route approval would give it (director, 人事室 countersign, principal), writing nothing', async () => {
    const before = await personal();
    const res = await leave(people.teacher, 'POST', '/forms/leave/quote', {
      leaveType: 'personal',
      start: '114-09-08 08:00',
      end: '114-09-11 16:00',
      deputyId: DEPUTY,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.duration).to.equal('4日0小時');
    expect(res.body.balances[0]).to.include({ before: before.remaining, after: before.remaining - 4 * 480 });
    expect(res.body.deputy).to.include({ personId: DEPUTY, available: true });
    const route = res.body.route as { status: string; flowName: string; steps: { label: string; approverIds: string[]; final: boolean }[] };
    expect(route).to.include({ status: 'routable', flowName: '教職員差假' });
    expect(route.steps.map((s) => s.label)).to.deep.equal(['單位主管', '人事室', '校長']);
    expect(route.steps[0]!.approverIds).to.deep.equal([people.director]);
    expect(route.steps.at(-1)!).to.include({ final: true });
    expect(await personal()).to.deep.equal(before);
    expect(await system.approval.ctx.cases.countDocuments({ applicantId: people.teacher })).to.equal(0);
  });

  it('決行: 4 days go to the director, a 人事室 countersign (會畢) and the principal; the form is approved and its hours move from reserved to consumed', async () => {
    const before = await usage();
    const filed = await submit('114-09-08 08:00', '114-09-11 16:00');
    expect(filed).to.include({ minutes: 4 * DAY, duration: '4日0小時' });
    await balanceReaches(moved(before, { reserved: 4 * DAY, remaining: -4 * DAY }));
    await consent(filed.id);

    const first = await decide(people.director, filed.id, 'request', 'approve', '同意');
    expect(first.item).to.include({ caseId: `${filed.id}:request:1`, step: '單位主管', final: false });
    expect(first.result).to.include({ status: 'in-approval', result: '同意' });
    const second = await decide(people.personnel, filed.id, 'request', 'approve');
    expect(second.item).to.include({ step: '人事室', countersign: true });
    expect(second.result).to.include({ status: 'in-approval', result: '會畢' });
    // Not decided yet: the leave service still holds the hours as reserved.
    expect((await form(filed.id)).status).to.equal('in-approval');
    const last = await decide(people.principal, filed.id, 'request', 'approve');
    expect(last.item).to.include({ step: '校長', final: true });
    expect(last.result).to.include({ status: 'approved', result: '決行' });

    const approved = await formReaches(filed.id, 'approved');
    expect(approved.decision).to.include({ by: people.principal });
    await balanceReaches(moved(before, { consumed: 4 * DAY, remaining: -4 * DAY }));

    const history = await approval(people.teacher, 'GET', `/cases/${encodeURIComponent(`${filed.id}:request:1`)}`);
    expect(history.status).to.equal(200);
    expect(
      history.body.history.map((h: { action: string; actorId: string; result: string }) => [h.action, h.actorId, h.result]),
    ).to.deep.equal([
      ['deputy-consented', DEPUTY, '同意'],
      ['opened', people.teacher, '送出'],
      ['approve', people.director, '同意'],
      ['approve', people.personnel, '會畢'],
      ['approve', people.principal, '決行'],
    ]);
  });

  it('不同意 (with a reason): the form is rejected and its reserved hours are released', async () => {
    const before = await usage();
    const filed = await submit('114-09-15 08:00', '114-09-15 16:00');
    await balanceReaches(moved(before, { reserved: DAY, remaining: -DAY }));
    await consent(filed.id);

    const item = await inboxItem(people.director, filed.id, 'request');
    const bare = await approval(people.director, 'POST', `/cases/${encodeURIComponent(item.caseId)}/decisions`, { action: 'reject' });
    expect(bare.status).to.equal(400);
    expect(bare.body.code).to.equal('REASON_REQUIRED');
    const { result } = await decide(people.director, filed.id, 'request', 'reject', '開學週人力不足');
    expect(result).to.include({ status: 'rejected', result: '不同意' });

    const rejected = await formReaches(filed.id, 'rejected');
    expect(rejected.decision).to.include({ by: people.director, reason: '開學週人力不足' });
    await balanceReaches(before);
  });

  it('退回: the form is returned holding its hours; modified, it goes round again and is approved with its new hours', async () => {
    const before = await usage();
    const filed = await submit('114-09-16 08:00', '114-09-16 16:00');
    const held = moved(before, { reserved: DAY, remaining: -DAY });
    await balanceReaches(held);
    await consent(filed.id);

    const { result } = await decide(people.director, filed.id, 'request', 'return', '請改為上午半天');
    expect(result).to.include({ status: 'returned', result: '退回' });
    const returned = await formReaches(filed.id, 'returned');
    expect(returned.decision).to.include({ by: people.director, reason: '請改為上午半天' });
    // The leave service's rule (apply-approval-decision): a returned form keeps its reservation until it is modified or withdrawn.
    await balanceHolds(held);

    const modified = await leave(people.teacher, 'PUT', `/forms/${filed.id}`, {
      leaveType: 'personal',
      start: '114-09-16 08:00',
      end: '114-09-16 12:00',
      reason: '家中有事（上午）',
      deputyId: DEPUTY,
    });
    expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
    expect(modified.body).to.include({ status: 'waiting-for-deputy', submission: 2, minutes: DAY / 2 });
    await balanceReaches(moved(before, { reserved: DAY / 2, remaining: -DAY / 2 }));
    await consent(filed.id);

    const again = await decide(people.director, filed.id, 'request', 'approve');
    expect(again.item.caseId).to.equal(`${filed.id}:request:2`);
    expect(again.result).to.include({ status: 'approved', result: '決行' });
    const approved = await formReaches(filed.id, 'approved');
    expect(approved.submission).to.equal(2);
    await balanceReaches(moved(before, { consumed: DAY / 2, remaining: -DAY / 2 }));
    const firstRound = await approval(people.teacher, 'GET', `/cases/${encodeURIComponent(`${filed.id}:request:1`)}`);
    expect(firstRound.body.status).to.equal('returned');
  });

  it("修改 while in approval: the round in the approver's inbox stops at once, though the deputy then declines the change", async () => {
    const before = await usage();
    const filed = await submit('114-09-17 08:00', '114-09-17 16:00');
    await consent(filed.id);
    const first = await inboxItem(people.director, filed.id, 'request');
    expect(first.caseId).to.equal(`${filed.id}:request:1`);

    const modified = await leave(people.teacher, 'PUT', `/forms/${filed.id}`, {
      leaveType: 'personal',
      start: '114-09-17 08:00',
      end: '114-09-17 12:00',
      reason: '家中有事（上午）',
      deputyId: DEPUTY,
    });
    expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
    expect(modified.body).to.include({ status: 'waiting-for-deputy', submission: 2 });
    const declined = await leave(DEPUTY, 'POST', `/forms/${filed.id}/deputy/decline`, { reason: '當天另有公務' });
    expect(declined.status, JSON.stringify(declined.body)).to.equal(200);
    await formReaches(filed.id, 'returned');

    await eventually(async () => {
      const view = await approval(people.teacher, 'GET', `/cases/${encodeURIComponent(first.caseId)}`);
      return view.body.status === 'superseded' ? true : undefined;
    }, 'the first round to be superseded');
    const inbox = await approval(people.director, 'GET', '/inbox');
    expect((inbox.body.items as InboxItem[]).map((i) => i.formId)).to.not.include(filed.id);
    const late = await approval(people.director, 'POST', `/cases/${encodeURIComponent(first.caseId)}/decisions`, { action: 'approve' });
    expect(late.status).to.equal(409);
    expect(late.body.code).to.equal('CASE_CLOSED');
    // Nothing was decided on the form: it waits, returned, for its applicant, who withdraws it.
    expect((await form(filed.id)).status).to.equal('returned');
    const withdrawn = await leave(people.teacher, 'POST', `/forms/${filed.id}/withdraw`);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(200);
    await balanceReaches(before);
  });

  it('撤銷 goes through approval: refused, the form stays approved with its hours; approved, the hours are released', async () => {
    const before = await usage();
    const filed = await submit('114-09-22 08:00', '114-09-22 16:00');
    await consent(filed.id);
    await decide(people.director, filed.id, 'request', 'approve');
    await formReaches(filed.id, 'approved');
    const taken = moved(before, { consumed: DAY, remaining: -DAY });
    await balanceReaches(taken);

    const asked = await leave(people.teacher, 'POST', `/forms/${filed.id}/cancel`, { reason: '研習改期' });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.status).to.equal('cancel-requested');
    const refused = await decide(people.director, filed.id, 'cancellation', 'reject', '代課已排定，請照常請假');
    expect(refused.result).to.include({ status: 'rejected', result: '不同意' });
    const kept = await formReaches(filed.id, 'approved');
    expect(kept.cancel).to.include({ reason: '研習改期', outcome: 'rejected' });
    await balanceHolds(taken);

    const askedAgain = await leave(people.teacher, 'POST', `/forms/${filed.id}/cancel`, { reason: '研習取消' });
    expect(askedAgain.status, JSON.stringify(askedAgain.body)).to.equal(200);
    expect(askedAgain.body.status).to.equal('cancel-requested');
    const granted = await decide(people.director, filed.id, 'cancellation', 'approve');
    expect(granted.item.caseId).to.not.equal(refused.item.caseId);
    expect(granted.result).to.include({ status: 'approved', result: '決行' });
    const cancelled = await formReaches(filed.id, 'cancelled');
    expect(cancelled.cancel).to.include({ reason: '研習取消', outcome: 'cancelled' });
    await balanceReaches(before);
  });

  it('approvers do not decide blind: the inbox and the case carry the form; the approver, and a stand-in while the approver is away, read the form and its attachment; others get 404', async () => {
    const before = await usage();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const upload = await leave(people.teacher, 'POST', `/attachments?filename=${encodeURIComponent('證明.pdf')}`, pdf);
    expect(upload.status, JSON.stringify(upload.body)).to.equal(201);
    const res = await leave(people.teacher, 'POST', '/forms/leave', {
      leaveType: 'personal',
      start: '114-09-25 08:00',
      end: '114-09-25 16:00',
      reason: '陪同家人就醫',
      location: '高雄榮總',
      deputyId: DEPUTY,
      attachmentIds: [upload.body.id],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const filed = res.body.items[0] as LeaveForm;
    await consent(filed.id);

    const remaining = before.remaining - DAY;
    const expected = {
      id: filed.id,
      kind: 'leave',
      applicant: { id: people.teacher, name: '陳怡君', unitName: '教務處' },
      leaveType: 'personal',
      title: '事假',
      period: { start: '2025-09-25T00:00:00.000Z', end: '2025-09-25T08:00:00.000Z', text: '114-09-25(四) 08:00 ~ 16:00' },
      minutes: DAY,
      days: 1,
      hours: 0,
      duration: '1日0小時',
      reason: '陪同家人就醫',
      location: '高雄榮總',
      deputy: { personId: DEPUTY, name: '黃建華', consent: 'consented' },
      balance: {
        ledger: 'personal',
        period: 'SY114',
        unit: 'minutes',
        remaining,
        remainingText: `${Math.floor(remaining / DAY)}日${(remaining % DAY) / 60}小時`,
        asOf: now.toISOString(),
      },
    };
    const item = (await inboxItem(people.director, filed.id, 'request')) as InboxItem & { form: unknown };
    expect(item.form).to.deep.equal(expected);
    const caseUrl = `/cases/${encodeURIComponent(item.caseId)}`;
    const view = await approval(people.director, 'GET', caseUrl);
    expect(view.status, JSON.stringify(view.body)).to.equal(200);
    expect(view.body.form).to.deep.equal(expected);
    expect(JSON.stringify(view.body)).to.not.match(/[A-Z][12]\d{8}/);

    // The approver reads the form and its attachment in the leave service (once it has heard who is on the route).
    const formUrl = `/forms/${filed.id}`;
    const fileUrl = `/forms/${filed.id}/attachments/${upload.body.id}`;
    await eventually(
      async () => ((await leave(people.director, 'GET', formUrl)).status === 200 ? true : undefined),
      'the director to read the form',
    );
    const file = await leave(people.director, 'GET', fileUrl);
    expect(file.status).to.equal(200);
    expect(Buffer.compare(file.body as Buffer, pdf)).to.equal(0);

    // Nobody else: not a colleague, not the personnel officer (off this route) — 404, as for a form or case that does not exist.
    const notFound = async (personId: string) => {
      const answers = [
        await approval(personId, 'GET', caseUrl),
        await leave(personId, 'GET', formUrl),
        await leave(personId, 'GET', fileUrl),
      ];
      expect(answers.map((a) => [a.status, a.body.code])).to.deep.equal([
        [404, 'CASE_NOT_FOUND'],
        [404, 'FORM_NOT_FOUND'],
        [404, 'FORM_NOT_FOUND'],
      ]);
    };
    await notFound('demo-no-app');
    await notFound(people.personnel);

    // The director is away today, the personnel officer their deputy: while the leave lasts, the personnel officer stands in and reads.
    expect((await leave(people.director, 'POST', '/deputies', { personId: people.personnel })).status).to.equal(201);
    const away = await leave(people.director, 'POST', '/forms/leave', {
      leaveType: 'personal',
      start: '114-09-01 09:00',
      end: '114-09-01 16:00',
      reason: '私事',
      deputyId: people.personnel,
    });
    expect(away.status, JSON.stringify(away.body)).to.equal(201);
    const awayId = away.body.items[0].id as string;
    expect((await leave(people.personnel, 'POST', `/forms/${awayId}/deputy/consent`)).status).to.equal(200);
    await decide(people.principal, awayId, 'request', 'approve');
    await eventually(
      async () => ((await leave(people.director, 'GET', `/forms/${awayId}`)).body.status === 'approved' ? true : undefined),
      "the director's leave to be approved",
    );

    const standIn = (await eventually(async () => {
      const inbox = await approval(people.personnel, 'GET', '/inbox');
      return (inbox.body.items as (InboxItem & { form: unknown; onBehalfOf?: string })[]).find((i) => i.formId === filed.id);
    }, "the case in the stand-in's inbox")) as InboxItem & { form: unknown; onBehalfOf?: string };
    expect(standIn.onBehalfOf).to.equal(people.director);
    expect(standIn.form).to.deep.equal(expected);
    const asStandIn = await approval(people.personnel, 'GET', caseUrl);
    expect(asStandIn.status, JSON.stringify(asStandIn.body)).to.equal(200);
    expect(asStandIn.body.form).to.deep.equal(expected);
    expect((await leave(people.personnel, 'GET', formUrl)).status).to.equal(200);
    const fileAsStandIn = await leave(people.personnel, 'GET', fileUrl);
    expect(fileAsStandIn.status).to.equal(200);
    expect(Buffer.compare(fileAsStandIn.body as Buffer, pdf)).to.equal(0);
    await notFound('demo-no-app');
  });
});
