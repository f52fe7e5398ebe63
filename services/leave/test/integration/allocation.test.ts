import { expect } from 'chai';
import { eventually, expectProblem, LeaveHarness, manager, person } from '../harness.ts';

interface Ledger {
  ledger: string;
  period: string;
  granted: number;
  entries: { kind: string; amount: number; note: string }[];
}

describe('allocation is repeatable: 休假 follows a seniority date added or corrected (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('allocation');
  const boss = manager('陳人事');
  // Hired without a 到職日期 on file: no 休假 until personnel adds it.
  const late = person('補登人員', { serviceStartDate: undefined });
  const moved = person('更正人員', { serviceStartDate: '2023-09-01' });
  // 教師請假規則第8條: teachers holding a post and principals get 休假 per school year; full-time teachers do not.
  const director = person('林主任', { jobCategory: '教師', title: '教務主任', unitName: '教務處', serviceStartDate: '2012-08-01' });
  const chief = person('黃組長', { jobCategory: '教師', title: '資訊組長', unitName: '教務處', serviceStartDate: '2024-02-01' });
  const principal = person('蔡校長', { jobCategory: '教師', title: '校長', unitName: '校長室', serviceStartDate: '1998-08-01' });
  const teacher = person('陳老師', { jobCategory: '教師', title: '導師', unitName: '教務處', scheduleGroup: 'teacher' });

  const ledger = async (who: typeof late, code: string, period: string) =>
    (await h.as<{ items: Ledger[] }>(who, 'GET', '/balances')).body.items.find((i) => i.ledger === code && i.period === period);
  const allocate = (year: number) =>
    h.as<{ people: number; balances: number; recomputed: number }>(boss, 'POST', `/agencies/${boss.agencyId}/allocations`, { year });

  before(async () => {
    await h.start();
    await h.directory.add(boss, late, moved, director, chief, principal, teacher);
    // The leave service knows the people who used it (the allocation run covers them).
    for (const who of [late, moved]) expect((await h.as(who, 'GET', '/leave-types')).status).to.equal(200);
  });
  after(() => h.stop());

  it("recomputes this year's 休假 when personnel adds the 到職日期 through the attendance profile, with a ledger line saying why", async () => {
    expect((await allocate(2024)).status).to.equal(201);
    expect((await ledger(late, 'annual', '2024'))!.granted).to.equal(0);
    const res = await h.as(boss, 'PUT', `/people/${late.id}/attendance-profile`, {
      serviceStartDate: '2015-03-02',
      reason: '補登到職日期',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const after = (await ledger(late, 'annual', '2024'))!;
    // 2015-03 to the end of 2023: 8 full years → 21 days (公務人員請假規則第7條: 滿6年)
    expect(after.granted).to.equal(21 * 480);
    const line = after.entries.at(-1)!;
    expect(line).to.include({ kind: 'recomputation', amount: 21 * 480 });
    expect(line.note).to.contain('重新核給').and.contain('補登到職日期').and.contain('2015-03-02');
  });

  it('brings the balance to the rules again on a re-run after the directory corrects the date, and writes nothing the second time', async () => {
    expect((await ledger(moved, 'annual', '2024'))!.granted, 'started 2023-09: 4 months → 2.5 days').to.equal(2.5 * 480);
    await h.directory.update(moved, { serviceStartDate: '2005-09-01' });
    await eventually(
      async () => ((await h.ctx.models.people.findById(moved.id).lean())?.stale ? true : undefined),
      'the directory event to mark the person stale',
    );
    const run = await allocate(2024);
    expect(run.status).to.equal(201);
    expect(run.body.recomputed).to.be.at.least(1);
    const after = (await ledger(moved, 'annual', '2024'))!;
    expect(after.granted, '18 years to the end of 2023 → 30 days').to.equal(30 * 480);
    expect(after.entries.at(-1)).to.include({ kind: 'recomputation', amount: 30 * 480 - 2.5 * 480 });
    const entries = after.entries.length;
    const again = await allocate(2024);
    expect(again.body.recomputed).to.equal(0);
    expect((await ledger(moved, 'annual', '2024'))!.entries).to.have.length(entries);
  });

  describe('teachers holding a post (主任, 組長) and principals (校長)', () => {
    interface Types {
      ruleSet: string;
      types: { code: string; source: string; balance?: { period: string; label: string } }[];
    }
    const annual = async (who: typeof director) => {
      const body = (await h.as<Types>(who, 'GET', '/leave-types')).body;
      return { ruleSet: body.ruleSet, annual: body.types.find((t) => t.code === 'annual') };
    };

    it('gives them 休假 per school year by teaching and administrative seniority, citing the rule', async () => {
      const d = await annual(director);
      expect(d.ruleSet).to.equal('teacher-admin');
      expect(d.annual!.balance).to.include({ period: 'SY113', label: '休假 剩餘: 28日0小時' });
      expect(d.annual!.source).to.contain('教師請假規則第8條第1項');
      expect((await annual(principal)).annual!.balance!.label).to.equal('休假 剩餘: 30日0小時');
      expect((await annual(chief)).annual!.balance!.label, 'less than a school year: the 3-day minimum').to.equal('休假 剩餘: 3日0小時');
    });

    it("lets a 主任 take half a day of 休假 on the staff's hours, charged to the school year", async () => {
      await h.as(director, 'POST', '/deputies', { personId: chief.id });
      const res = await h.as<{ items: { duration: string; charges: { ledger: string; period: string }[] }[] }>(
        director,
        'POST',
        '/forms/leave',
        { leaveType: 'annual', start: '113-08-20 07:30', end: '113-08-20 11:30', reason: '休假' },
      );
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.items[0]!.duration).to.equal('0日4小時');
      expect(res.body.items[0]!.charges).to.deep.include({ ledger: 'annual', period: 'SY113', unit: 'minutes', amount: 240 });
    });

    it('tells a full-time teacher why 休假 is not theirs', async () => {
      expect((await annual(teacher)).annual, 'not on the apply screen').to.equal(undefined);
      await h.as(teacher, 'POST', '/deputies', { personId: director.id });
      const res = await h.as(teacher, 'POST', '/forms/leave', {
        leaveType: 'annual',
        start: '113-08-20 08:00',
        end: '113-08-20 16:00',
        reason: '休假',
      });
      const problem = expectProblem(res, 400, 'ANNUAL_LEAVE_NOT_FOR_TEACHERS', 'body.leaveType');
      expect(problem.detail).to.contain('專任教師依教師請假規則不給休假').and.contain('寒暑假').and.contain('兼任行政職務');
    });
  });
});
