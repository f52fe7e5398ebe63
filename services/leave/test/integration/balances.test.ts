import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { remainingOf } from '../../src/domain/balance.ts';
import { execute as reconcileBalances } from '../../src/usecases/reconcile-balances/index.ts';
import { reserveCharges } from '../../src/usecases/shared/balances.ts';
import { loadPolicy } from '../../src/usecases/shared/policies.ts';
import { eventually, expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface LeaveTypes {
  ruleSet: string;
  types: {
    code: string;
    name: string;
    source: string;
    balance?: { label: string; remaining: number; period: string; periodLabel: string };
  }[];
}

describe('leave types, balances, allocation, policy, the directory port (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('balances');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const newHire = person('新進人員', { serviceStartDate: '2024-03-01' });
  const veteran = person('資深人員', { serviceStartDate: '1990-02-01' });
  const teacher = person('黃老師', { jobCategory: '教師', scheduleGroup: 'teacher', unitName: '教務處' });
  const substitute = person('代課老師', { jobCategory: '代課教師' });
  const boss = manager('陳主任');

  const types = async (who: typeof su, path = '/leave-types') => (await h.as<LeaveTypes>(who, 'GET', path)).body;
  const label = (t: LeaveTypes, code: string) => t.types.find((x) => x.code === code)?.balance?.label;

  before(async () => {
    await h.start(['leave.balance.corrected', 'leave.policy.changed']);
    await h.directory.add(su, chan, newHire, veteran, teacher, substitute, boss);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
  });
  after(() => h.stop());

  it("shows the apply screen with each type's remaining balance as the seed does", async () => {
    const t = await types(su);
    expect(t.ruleSet).to.equal('civil-servant');
    expect(label(t, 'annual')).to.equal('休假 剩餘: 30日0小時');
    expect(label(t, 'official')).to.equal('公假 剩餘: 20次(年)');
    expect(label(t, 'sick')).to.equal('病假 剩餘: 28日0小時');
    expect(label(t, 'comp-time')).to.equal('加班補休 剩餘: 0日0小時');
    expect(label(t, 'personal')).to.equal('事假 剩餘: 7日0小時');
    expect(t.types.find((x) => x.code === 'official-outing')!.balance).to.equal(undefined);
    expect(t.types.find((x) => x.code === 'annual')!.source).to.contain('公務人員請假規則第7條');
  });

  it('allocates 休假 by seniority: a veteran 30 days, a new hire nothing in the first year', async () => {
    expect(label(await types(veteran), 'annual')).to.equal('休假 剩餘: 30日0小時');
    const t = await types(newHire);
    expect(label(t, 'annual')).to.equal('休假 剩餘: 0日0小時');
    // 事假 and 病假 are prorated for the months in service in the first year (10 of 12)
    expect(label(t, 'personal')).to.equal('事假 剩餘: 6日0小時');
    expect(label(t, 'sick')).to.equal('病假 剩餘: 23日4小時');
  });

  it('gives teachers 教師請假規則: school-year balances, no 休假 unless enabled, 身心調適假', async () => {
    const t = await types(teacher);
    expect(t.ruleSet).to.equal('teacher');
    expect(t.types.map((x) => x.code)).to.not.include('annual');
    const personal = t.types.find((x) => x.code === 'personal')!;
    expect(personal.balance).to.include({ period: 'SY113', periodLabel: '113學年', label: '事假 剩餘: 7日0小時' });
    expect(personal.source).to.contain('教師請假規則');
    expect(label(t, 'wellbeing')).to.equal('身心調適假 剩餘: 3日0小時');
    expectProblem(await h.as(substitute, 'GET', '/leave-types'), 409, 'PERSON_DOES_NOT_FILE');
  });

  it("counts a teacher's day as 08:00–16:00", async () => {
    await h.as(teacher, 'POST', '/deputies', { personId: chan.id });
    const res = await h.as<{ items: FormBody[] }>(teacher, 'POST', '/forms/leave', {
      leaveType: 'personal',
      start: '113-08-20 08:00',
      end: '113-08-20 16:00',
      reason: '私事',
    });
    expect(res.body.items[0]!.duration).to.equal('1日0小時');
  });

  it('two requests racing for the last hours: exactly one succeeds', async () => {
    // 事假 7 days: take 6, then race two requests of a day each on different days
    const six = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', {
      leaveType: 'personal',
      start: '113-09-02 08:00',
      end: '113-09-09 17:15',
      reason: '出國',
    });
    expect(six.body.items[0]!.duration).to.equal('6日0小時');
    const [a, b] = await Promise.all([
      h.as(su, 'POST', '/forms/leave', { leaveType: 'personal', start: '113-09-16 08:00', end: '113-09-16 17:15', reason: 'A' }),
      h.as(su, 'POST', '/forms/leave', { leaveType: 'personal', start: '113-09-18 08:00', end: '113-09-18 17:15', reason: 'B' }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([201, 409]);
    expectProblem(
      [a, b].find((r) => r.status === 409)!,
      409,
      'INSUFFICIENT_BALANCE',
      'body.leaveType',
    );
    expect(label(await types(su), 'personal')).to.equal('事假 剩餘: 0日0小時');
  });

  it('the balance document itself admits only what it holds, however many race (conditional update, no lock)', async () => {
    const person = await h.ctx.people.get(veteran.id);
    const policy = await loadPolicy(h.ctx, person.agencyId);
    // 公假: 20 times; 30 forms race for it
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        reserveCharges(h.ctx, person, policy, randomUUID(), [{ ledger: 'official', period: '2024', unit: 'times', amount: 1 }], {
          on: '2024-08-20',
          label: '公假',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(20);
    expect([
      ...new Set(
        results
          .filter((r) => r.status === 'rejected')
          .map((r) => (r as PromiseRejectedResult).reason.code ?? String((r as PromiseRejectedResult).reason)),
      ),
    ]).to.deep.equal(['INSUFFICIENT_BALANCE']);
    const doc = await h.ctx.models.balances.findById(`${veteran.id}|official|2024`).lean();
    expect(remainingOf(doc!)).to.equal(0);
    expect(Object.keys(doc!.reserved)).to.have.length(20);
  });

  it('lets an attendance manager correct a balance with a reason (audited, published); others may not', async () => {
    expectProblem(
      await h.as(su, 'POST', `/people/${su.id}/balances/corrections`, { ledger: 'annual', period: '2024', hours: 8, reason: '補登' }),
      403,
      'ATTENDANCE_MANAGER_ONLY',
    );
    expectProblem(
      await h.as(boss, 'POST', `/people/${su.id}/balances/corrections`, { ledger: 'annual', period: '2024', hours: 8, reason: '' }),
      400,
      'VALIDATION_FAILED',
      'body.reason',
    );
    expectProblem(
      await h.as(boss, 'POST', `/people/${su.id}/balances/corrections`, { ledger: 'annual', period: '2024', times: 1, reason: 'x' }),
      400,
      'CORRECTION_UNIT',
      'body.hours',
    );
    const res = await h.as<{ entries: { kind: string; amount: number; note: string; actorId?: string }[] }>(
      boss,
      'POST',
      `/people/${su.id}/balances/corrections`,
      { ledger: 'annual', period: '2024', hours: 8, reason: '前機關年資補計' },
    );
    expect(res.status).to.equal(201);
    expect(res.body.entries.at(-1)).to.include({ kind: 'correction', amount: 480, note: '前機關年資補計', actorId: boss.id });
    expect(label(await types(su), 'annual')).to.equal('休假 剩餘: 31日0小時');
    const event = await eventually(() => h.events.find((e) => e.type === 'leave.balance.corrected'), 'corrected event');
    expect(event.payload).to.include({ personId: su.id, ledger: 'annual', amount: 480, actorId: boss.id });
    const ledgers = await h.as<{ items: { ledger: string; period: string; remainingText: string }[] }>(su, 'GET', '/balances');
    expect(ledgers.body.items.find((i) => i.ledger === 'annual')).to.include({ period: '2024', remainingText: '31日0小時' });
  });

  it('lets an attendance manager adjust leave types per agency (versioned, audited); new allocations follow', async () => {
    expectProblem(
      await h.as(su, 'PUT', `/agencies/${su.agencyId}/leave-policy`, { expectedVersion: 0, overrides: {}, reason: 'x' }),
      403,
      'ATTENDANCE_MANAGER_ONLY',
    );
    // the old advice, 休假 for plain teachers: 教師請假規則 gives them none, so it is refused, naming the field
    const refused = expectProblem(
      await h.as(boss, 'PUT', `/agencies/${su.agencyId}/leave-policy`, {
        expectedVersion: 0,
        overrides: { teacher: { annual: { enabled: true } } },
        reason: '教師休假',
      }),
      400,
      'OVERRIDE_AGAINST_REGULATION',
      'body.overrides.teacher.annual.enabled',
    );
    expect(refused.detail).to.contain('overrides.teacher.annual.enabled').and.to.contain('休假');
    const body = {
      expectedVersion: 0,
      overrides: { 'civil-servant': { official: { quotaTimes: 30 } }, teacher: { sick: { attachmentFromDays: 3 } } },
      reason: '本府公假次數調整',
    };
    const res = await h.as<{
      version: number;
      revisions: { version: number; actorId: string; reason: string }[];
      ruleSets: { id: string; types: { code: string; quota: unknown; overridden: string[] }[] }[];
    }>(boss, 'PUT', `/agencies/${su.agencyId}/leave-policy`, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.version).to.equal(1);
    expect(res.body.revisions[0]).to.include({ version: 1, actorId: boss.id, reason: '本府公假次數調整' });
    const official = res.body.ruleSets.find((s) => s.id === 'civil-servant')!.types.find((t) => t.code === 'official')!;
    expect(official.quota).to.deep.equal({ kind: 'times', times: 30 });
    expect(official.overridden).to.deep.equal(['quotaTimes']);
    expectProblem(await h.as(boss, 'PUT', `/agencies/${su.agencyId}/leave-policy`, body), 409, 'POLICY_VERSION', 'body.expectedVersion');
    expectProblem(
      await h.as(boss, 'PUT', `/agencies/${su.agencyId}/leave-policy`, {
        ...body,
        expectedVersion: 1,
        overrides: { 'civil-servant': { holiday: {} } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    // chan's 公假 for 2024 was never allocated: it opens with the agency's 30
    expect(label(await types(chan), 'official')).to.equal('公假 剩餘: 30次(年)');
    expect((await types(teacher)).types.map((t) => t.code)).to.not.include('annual');
    // one stored before saving refused it is ignored (with a warning) and left out of the policy shown, so saving it again drops it
    await h.ctx.models.policies.updateOne({ _id: su.agencyId }, { $set: { 'overrides.teacher.annual': { enabled: true } } });
    expect((await types(teacher)).types.map((t) => t.code)).to.not.include('annual');
    const shown = await h.as<{ overrides: { teacher?: Record<string, unknown> } }>(boss, 'GET', `/agencies/${su.agencyId}/leave-policy`);
    expect(shown.body.overrides.teacher).to.deep.equal({ sick: { attachmentFromDays: 3 } });
    await h.ctx.models.policies.updateOne({ _id: su.agencyId }, { $unset: { 'overrides.teacher.annual': 1 } });
    await eventually(() => h.events.find((e) => e.type === 'leave.policy.changed'), 'policy changed event');
  });

  it('runs the allocation for a new year for everyone known in the agency, once', async () => {
    expectProblem(await h.as(su, 'POST', `/agencies/${su.agencyId}/allocations`, { year: 2025 }), 403, 'ATTENDANCE_MANAGER_ONLY');
    const first = await h.as<{ people: number; balances: number }>(boss, 'POST', `/agencies/${su.agencyId}/allocations`, { year: 2025 });
    expect(first.status).to.equal(201);
    expect(first.body.people).to.be.greaterThan(3);
    const annual = await h.ctx.models.balances.findById(`${newHire.id}|annual|2025`).lean();
    // started 2024-03: 10 months in 2024 → 7 × 10/12 = 5.83 → 6 days from January 2025 (第7條第2項)
    expect(annual!.granted).to.equal(6 * 480);
    expect(annual!.entries[0]!.note).to.contain('按比例');
    const teacherPersonal = await h.ctx.models.balances.findById(`${teacher.id}|personal|SY114`).lean();
    expect(teacherPersonal!.granted).to.equal(7 * 480);
    const before = await h.ctx.models.balances.countDocuments();
    await h.as(boss, 'POST', `/agencies/${su.agencyId}/allocations`, { year: 2025 });
    expect(await h.ctx.models.balances.countDocuments()).to.equal(before);
  });

  it('reconciles what a crash left half-done: a reservation without a form, or of a withdrawn form, is released', async () => {
    const person = await h.ctx.people.get(veteran.id);
    const policy = await loadPolicy(h.ctx, person.agencyId);
    const orphan = randomUUID();
    await reserveCharges(h.ctx, person, policy, orphan, [{ ledger: 'sick', period: '2024', unit: 'minutes', amount: 480 }], {
      on: '2024-08-20',
      label: '病假',
    });
    const doc = () => h.ctx.models.balances.findById(`${veteran.id}|sick|2024`).lean();
    expect(remainingOf((await doc())!)).to.equal(27 * 480);
    await reconcileBalances(h.ctx);
    expect(Object.keys((await doc())!.reserved), 'within the grace period').to.deep.equal([orphan]);
    h.now = new Date(h.now.getTime() + 10 * 60_000);
    try {
      const result = await reconcileBalances(h.ctx);
      expect(result.released).to.be.at.least(1);
      expect(remainingOf((await doc())!)).to.equal(28 * 480);
    } finally {
      h.now = new Date('2024-08-01T09:00:00+08:00');
    }
  });

  describe('reconciliation branches: the form is the record, the balances follow it', () => {
    const clerk = person('鄭對帳');
    const base = new Date('2024-08-01T09:00:00+08:00');
    const annualDoc = async () => (await h.ctx.models.balances.findById(`${clerk.id}|annual|2024`).lean())!;
    const fileDay = async (day: string) => {
      const res = await h.as<{ items: FormBody[] }>(clerk, 'POST', '/forms/leave', {
        leaveType: 'annual',
        start: `${day} 08:00`,
        end: `${day} 17:15`,
        reason: '私事',
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body.items[0]!.id;
    };
    /** The keys a form's charges are reserved under (one per submission round). */
    const keysOf = async (id: string) =>
      Object.keys((await annualDoc()).reserved)
        .filter((k) => k.split('@')[0] === id)
        .sort();
    /** What a crash leaves: the form written, the balance step after it not done. */
    const setStatus = (id: string, status: string) => h.ctx.models.forms.updateOne({ _id: id }, { $set: { status } });
    const tenMinutesLater = async <T>(work: () => Promise<T>): Promise<T> => {
      h.now = new Date(base.getTime() + 10 * 60_000);
      try {
        return await work();
      } finally {
        h.now = base;
      }
    };

    before(async () => {
      await h.directory.add(clerk);
      await h.as(clerk, 'POST', '/deputies', { personId: chan.id });
    });

    it("releases a withdrawn form's reservation, consumes an approved one's, and releases the consumption of a cancelled one", async () => {
      const withdrawn = await fileDay('113-10-07');
      const approved = await fileDay('113-10-08');
      await setStatus(withdrawn, 'withdrawn');
      await setStatus(approved, 'approved');
      const first = await reconcileBalances(h.ctx);
      expect(first.consumed).to.be.at.least(1);
      let doc = await annualDoc();
      expect(Object.keys(doc.reserved)).to.deep.equal([]);
      expect(Object.keys(doc.consumed)).to.deep.equal([approved]);
      expect(remainingOf(doc)).to.equal(29 * 480);
      await setStatus(approved, 'cancelled');
      await reconcileBalances(h.ctx);
      doc = await annualDoc();
      expect(Object.keys(doc.consumed)).to.deep.equal([]);
      expect(remainingOf(doc)).to.equal(30 * 480);
    });

    it('puts back the charge a live form lost', async () => {
      const id = await fileDay('113-10-14');
      await h.ctx.models.balances.updateOne({ _id: `${clerk.id}|annual|2024` }, { $unset: { [`reserved.${id}`]: '' } });
      expect(remainingOf(await annualDoc())).to.equal(30 * 480);
      const result = await tenMinutesLater(() => reconcileBalances(h.ctx));
      expect(result.restored).to.equal(1);
      expect((await annualDoc()).reserved[id]).to.include({ amount: 480 });
      expect(remainingOf(await annualDoc())).to.equal(29 * 480);
    });

    it("releases a modification's round the form never reached (after the grace period), and a round the form has moved past (at once)", async () => {
      const id = await fileDay('113-10-15');
      const who = await h.ctx.people.get(clerk.id);
      const policy = await loadPolicy(h.ctx, who.agencyId);
      const twoDays = [{ ledger: 'annual' as const, period: '2024', unit: 'minutes' as const, amount: 960 }];
      // a modification reserved its round 2 and died before writing the form
      await reserveCharges(h.ctx, who, policy, `${id}@2`, twoDays, { on: '2024-10-15', label: '休假', replacing: id });
      await reconcileBalances(h.ctx);
      expect(await keysOf(id), 'within the grace period').to.deep.equal([id, `${id}@2`]);
      await tenMinutesLater(() => reconcileBalances(h.ctx));
      expect(await keysOf(id)).to.deep.equal([id]);
      // a modification wrote round 2 and died before releasing round 1
      await reserveCharges(h.ctx, who, policy, `${id}@2`, twoDays, { on: '2024-10-15', label: '休假', replacing: id });
      await h.ctx.models.forms.updateOne({ _id: id }, { $set: { submission: 2, charges: twoDays }, $inc: { version: 1 } });
      await reconcileBalances(h.ctx);
      expect(await keysOf(id)).to.deep.equal([`${id}@2`]);
      expect((await annualDoc()).reserved[`${id}@2`]).to.include({ amount: 960 });
    });

    it('gives back an attachment claimed by a form that was never written', async () => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(512, 0x20)]);
      const up = await h.as<{ id: string }>(clerk, 'POST', '/attachments?filename=c.pdf', pdf, { 'content-type': 'application/pdf' });
      await h.ctx.attachments.claim([up.body.id], 'never-written', h.now);
      await reconcileBalances(h.ctx);
      expect((await h.ctx.attachments.find([up.body.id]))[0]!.formId, 'within the grace period').to.equal('never-written');
      const result = await tenMinutesLater(() => reconcileBalances(h.ctx));
      expect(result.unclaimed).to.equal(1);
      expect((await h.ctx.attachments.find([up.body.id]))[0]!.formId).to.equal(undefined);
    });
  });

  describe('娩假 and 流產假 are taken at once (應一次請畢)', () => {
    const mother = person('林美華');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(512, 0x20)]);
    const certificate = async () =>
      (await h.as<{ id: string }>(mother, 'POST', '/attachments?filename=cert.pdf', pdf, { 'content-type': 'application/pdf' })).body.id;
    const held = async (ledger: string, period: string) =>
      Object.values((await h.ctx.models.balances.findById(`${mother.id}|${ledger}|${period}`).lean())!.reserved).map((c) => c.amount);

    before(async () => {
      await h.directory.add(mother);
      await h.as(boss, 'PUT', `/people/${mother.id}/attendance-profile`, { sex: 'F', reason: '人事資料建檔' });
      await h.as(mother, 'POST', '/deputies', { personId: chan.id });
    });

    it('娩假: a second form for the same birth → 409 TAKE_AT_ONCE even with days left; the one form may still be modified', async () => {
      const first = await h.as<{ items: FormBody[] }>(mother, 'POST', '/forms/leave', {
        leaveType: 'maternity',
        start: '113-09-02 00:00',
        end: '113-10-12 00:00',
        eventDate: '113-09-02',
        reason: '分娩',
        attachmentIds: [await certificate()],
      });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      expect(first.body.items[0]!.duration).to.equal('40日0小時');
      const cert = await certificate();
      const before = await h.counts();
      const p = expectProblem(
        await h.as(mother, 'POST', '/forms/leave', {
          leaveType: 'maternity',
          start: '113-10-14 00:00',
          end: '113-10-15 00:00',
          eventDate: '113-09-02',
          reason: '分娩',
          attachmentIds: [cert],
        }),
        409,
        'TAKE_AT_ONCE',
        'body.leaveType',
      );
      expect(p.detail).to.contain('娩假應一次請畢');
      expect(await h.counts(), 'nothing stored').to.deep.equal(before);
      const id = first.body.items[0]!.id;
      const modified = await h.as<FormBody>(mother, 'PUT', `/forms/${id}`, {
        leaveType: 'maternity',
        start: '113-09-02 00:00',
        end: '113-10-14 00:00',
        eventDate: '113-09-02',
        reason: '分娩',
        attachmentIds: (first.body.items[0]!.attachments as { id: string }[]).map((a) => a.id),
      });
      expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
      expect(modified.body).to.include({ duration: '42日0小時', submission: 2 });
      expect(await held('maternity', 'EV2024-09-02')).to.deep.equal([42 * 480]);
    });

    it('流產假: a second form for the same event → 409 TAKE_AT_ONCE', async () => {
      const body = { leaveType: 'miscarriage', eventDate: '113-11-01', gestationWeeks: 15, reason: '流產' };
      const first = await h.as<{ items: FormBody[] }>(mother, 'POST', '/forms/leave', {
        ...body,
        start: '113-11-01 00:00',
        end: '113-11-15 00:00',
        attachmentIds: [await certificate()],
      });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      const cert = await certificate();
      const before = await h.counts();
      expectProblem(
        await h.as(mother, 'POST', '/forms/leave', { ...body, start: '113-11-15 00:00', end: '113-11-16 00:00', attachmentIds: [cert] }),
        409,
        'TAKE_AT_ONCE',
        'body.leaveType',
      );
      expect(await h.counts(), 'nothing stored').to.deep.equal(before);
      expect(await held('miscarriage', 'EV2024-11-01-w12')).to.deep.equal([14 * 480]);
    });
  });

  describe('the People port: the directory as the adapter, with a cache its events invalidate', () => {
    it('reads a person through the directory with a service assertion, then from the cache', async () => {
      // the directory served su to the leave service (its internal API admits service assertions only)
      const reads = h.directory.summaryReads(su.id);
      expect(reads.map((r) => r.status))
        .to.include(200)
        .and.not.include(401)
        .and.not.include(403);
      await h.ctx.people.get(su.id);
      expect(h.directory.summaryReads(su.id), 'served from the cache, no request to the directory').to.have.length(reads.length);
      const cached = await h.ctx.models.people.findById(su.id).lean();
      expect(cached!.source).to.include({ name: '蘇怡君', jobCategory: '職員', unitName: '人事室' });
    });

    it('drops the cached person on directory.person.changed and reads the new unit', async () => {
      // 編輯員工資料 in the directory: it publishes directory.person.changed itself (the clock is fixed, so no TTL runs out)
      await h.directory.update(su, { unitId: await h.directory.unit(su.agencyId, '會計室') });
      await eventually(async () => ((await h.ctx.models.people.findById(su.id).lean())?.stale ? true : undefined), 'cache invalidated');
      const reads = h.directory.summaryReads(su.id).length;
      expect((await h.ctx.people.get(su.id)).unitName).to.equal('會計室');
      expect(h.directory.summaryReads(su.id), 'read through again').to.have.length(reads + 1);
    });

    it('uses the cached copy while the directory is down', async () => {
      await h.ctx.models.people.updateOne({ _id: su.id }, { $set: { stale: true } });
      await h.directory.proxy.stop();
      try {
        // the directory is really out of reach: someone not in the cache cannot be read
        const unknown = await h.ctx.people.get(randomUUID()).then(
          () => undefined,
          (error: { code?: string }) => error.code,
        );
        expect(unknown).to.equal('DEPENDENCY_UNREACHABLE');
        expect((await h.ctx.people.get(su.id)).name).to.equal('蘇怡君');
        const res = await h.as(su, 'GET', '/leave-types');
        expect(res.status).to.equal(200);
      } finally {
        await h.directory.proxy.start();
      }
      // and back: the stale copy is replaced by a read through the directory
      await h.ctx.people.get(su.id);
      expect((await h.ctx.models.people.findById(su.id).lean())!.stale).to.equal(false);
    });

    it('lets the personnel office set attendance attributes the directory lacks (sex, schedule group)', async () => {
      const leave = { leaveType: 'menstrual', start: '113-10-01 08:00', end: '113-10-01 17:15', reason: '生理假' };
      expectProblem(await h.as(su, 'POST', '/forms/leave', leave), 400, 'LEAVE_TYPE_NOT_ELIGIBLE', 'body.leaveType');
      expectProblem(
        await h.as(su, 'PUT', `/people/${su.id}/attendance-profile`, { sex: 'F', reason: 'x' }),
        403,
        'ATTENDANCE_MANAGER_ONLY',
      );
      const set = await h.as<{ sex: string }>(boss, 'PUT', `/people/${su.id}/attendance-profile`, { sex: 'F', reason: '人事資料建檔' });
      expect(set.body.sex).to.equal('F');
      const res = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', leave);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      // the first three days a year do not count against 病假
      expect(label(await types(su), 'sick')).to.equal('病假 剩餘: 28日0小時');
      // one day a month
      expectProblem(
        await h.as(su, 'POST', '/forms/leave', { ...leave, start: '113-10-02 08:00', end: '113-10-02 10:00' }),
        409,
        'MONTHLY_CAP_EXCEEDED',
        'body.start',
      );
    });
  });
});
