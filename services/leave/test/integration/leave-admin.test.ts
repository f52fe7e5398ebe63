import { expect } from 'chai';
import type { AllocationRunView, BalanceCorrectionView, CommonReasonsView } from '@webitr/contracts';
import { expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}

/**
 * 請假管理 (issue 17): the year's allocation previewed before it is applied,
 * corrections with their reason, the agency's forms searched by person and
 * type, and the agency's common reasons (差假事由) — each refused to a
 * teacher, with zh-TW problems naming the field.
 */
describe('請假管理: allocation preview, corrections, agency forms, common reasons (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('leave-admin');
  const boss = manager('許人事');
  const veteran = person('資深職員', { serviceStartDate: '2005-03-01' });
  const newcomer = person('新進職員', { serviceStartDate: '2023-07-01' });
  const teacher = person('吳老師', { jobCategory: '教師', title: '導師', unitName: '教務處', scheduleGroup: 'teacher' });
  const outsider = person('他機關職員', { agencyId: 'A-OTHER' });

  const allocate = (who: typeof boss, body: unknown) =>
    h.as<AllocationRunView>(who, 'POST', `/agencies/${boss.agencyId}/allocations`, body);

  before(async () => {
    await h.start([]);
    await h.directory.add(boss, veteran, newcomer, teacher, outsider);
    // The leave service knows the people who used it (the allocation run covers them).
    for (const who of [veteran, newcomer, teacher]) expect((await h.as(who, 'GET', '/leave-types')).status).to.equal(200);
  });
  after(() => h.stop());

  describe('年度核給 (差勤資料更新)', () => {
    it('refuses a teacher, previewing or applying, in zh-TW; and names the year when it is wrong', async () => {
      for (const dryRun of [true, false]) {
        const problem = expectProblem(await allocate(teacher, { year: 2026, dryRun }), 403, 'ATTENDANCE_MANAGER_ONLY');
        expect(problem.detail).to.equal('僅差勤管理者可執行年度核給');
      }
      const problem = expectProblem(await allocate(boss, { year: 1999, dryRun: true }), 400, 'VALIDATION_FAILED', 'body.year');
      expect(JSON.stringify(problem.errors)).to.contain('年度');
    });

    it('previews per person the seniority, what is granted and what is left of last year, writing nothing; applies exactly that, once', async () => {
      const before = await h.counts();
      const preview = await allocate(boss, { year: 2026, dryRun: true });
      expect(preview.status, JSON.stringify(preview.body)).to.equal(201);
      expect(preview.body).to.include({ dryRun: true, year: 2026 });
      expect(await h.counts(), 'a preview writes nothing').to.deep.equal(before);
      const old = preview.body.items.find((i) => i.personId === veteran.id)!;
      expect(old.serviceStartDate).to.equal('2005-03-01');
      const annual = old.lines.find((l) => l.ledger === 'annual')!;
      // 2005-03 to the end of 2025: 20 years → 30 days (公務人員請假規則第7條: 滿14年)
      expect(annual).to.include({
        period: '2026',
        periodLabel: '115年',
        name: '休假',
        amount: 30 * 480,
        amountText: '30日0小時',
        change: 'new',
      });
      expect(annual.note).to.contain('年資20年');
      // The teacher's ledgers are per school year (115學年度 starts in 2026); no 休假 for a full-time teacher.
      const teacherLines = preview.body.items.find((i) => i.personId === teacher.id)!.lines;
      expect(teacherLines.map((l) => l.period)).to.include('SY115');
      expect(teacherLines.map((l) => l.ledger)).to.not.include('annual');

      const applied = await allocate(boss, { year: 2026 });
      expect(applied.status).to.equal(201);
      expect(applied.body.dryRun).to.equal(false);
      expect(applied.body.created).to.equal(preview.body.created).and.to.be.greaterThan(0);
      const strip = (v: AllocationRunView) => v.items.map((i) => ({ ...i, annualLeft: undefined }));
      expect(strip(applied.body), 'the run applies what the preview showed').to.deep.equal(strip(preview.body));
      const ledger = await h.ctx.models.balances.findById(`${veteran.id}|annual|2026`).lean();
      expect(ledger!.granted).to.equal(30 * 480);

      // Applying twice for a year writes nothing new; the preview now says so too.
      const written = await h.counts();
      const again = await allocate(boss, { year: 2026 });
      expect(again.body).to.include({ created: 0, recomputed: 0 });
      expect(await h.counts()).to.deep.equal(written);
      const previewAgain = await allocate(boss, { year: 2026, dryRun: true });
      expect(previewAgain.body.items.flatMap((i) => i.lines.map((l) => l.change))).to.satisfy((c: string[]) =>
        c.every((x) => x === 'unchanged'),
      );
      expect(previewAgain.body.items.find((i) => i.personId === veteran.id)!.lines.find((l) => l.ledger === 'annual')).to.include({
        previous: 30 * 480,
      });
    });

    it("shows last year's unused 休假 beside the new grant, without adding it", async () => {
      await allocate(boss, { year: 2025 });
      await h.as(boss, 'POST', `/people/${newcomer.id}/balances/corrections`, {
        ledger: 'annual',
        period: '2025',
        hours: -4,
        reason: '測試',
      });
      const preview = await allocate(boss, { year: 2026, dryRun: true });
      const item = preview.body.items.find((i) => i.personId === newcomer.id)!;
      const granted2025 = (await h.ctx.models.balances.findById(`${newcomer.id}|annual|2025`).lean())!.granted;
      expect(item.annualLeft).to.include({ period: '2025', periodLabel: '114年', remaining: granted2025 });
      expect(item.lines.find((l) => l.ledger === 'annual')!.change).to.equal('unchanged');
    });
  });

  describe('balance corrections (請假資料維護)', () => {
    it('requires the reason and answers the ledger with the line it wrote; refuses a teacher', async () => {
      const url = `/people/${veteran.id}/balances/corrections`;
      const missing = expectProblem(
        await h.as(boss, 'POST', url, { ledger: 'annual', period: '2026', hours: 4 }),
        400,
        'VALIDATION_FAILED',
        'body.reason',
      );
      expect(JSON.stringify(missing.errors)).to.contain('調整原因');
      const blank = expectProblem(
        await h.as(boss, 'POST', url, { ledger: 'annual', period: '2026', hours: 4, reason: '  ' }),
        400,
        'VALIDATION_FAILED',
        'body.reason',
      );
      expect(JSON.stringify(blank.errors)).to.contain('調整原因不得空白');
      expectProblem(
        await h.as(teacher, 'POST', url, { ledger: 'annual', period: '2026', hours: 4, reason: '補登' }),
        403,
        'ATTENDANCE_MANAGER_ONLY',
      );
      const res = await h.as<BalanceCorrectionView>(boss, 'POST', url, {
        ledger: 'annual',
        period: '2026',
        hours: 4,
        reason: '前機關年資補計半日',
      });
      expect(res.status).to.equal(201);
      expect(res.body.granted).to.equal(30 * 480 + 240);
      expect(res.body.entries.at(-1)).to.include({ kind: 'correction', amount: 240, note: '前機關年資補計半日', actorId: boss.id });
      expect(res.body.entries.at(-1)!.at).to.equal(h.now.toISOString());
    });
  });

  describe("the agency's forms (請假資料維護)", () => {
    let personalId = '';
    before(async () => {
      expect((await h.as(veteran, 'POST', '/deputies', { personId: newcomer.id })).status).to.equal(201);
      expect((await h.as(newcomer, 'POST', '/deputies', { personId: veteran.id })).status).to.equal(201);
      const leave = async (who: typeof boss, deputy: typeof boss, leaveType: string, day: string) => {
        const res = await h.as<Items<FormBody>>(who, 'POST', '/forms/leave', {
          leaveType,
          start: `${day} 08:00`,
          end: `${day} 12:00`,
          deputyId: deputy.id,
          reason: '家中有事',
        });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        return res.body.items[0]!.id;
      };
      personalId = await leave(veteran, newcomer, 'personal', '113-08-12');
      await leave(veteran, newcomer, 'annual', '113-08-13');
      // Another day: the deputy may not be on leave himself.
      await leave(newcomer, veteran, 'personal', '113-08-14');
    });

    it('finds them by applicant and leave type in a period; refuses a teacher and another agency', async () => {
      const url = `/agencies/${boss.agencyId}/forms?from=113-08-01&to=113-08-31`;
      const mine = await h.as<Items<FormBody>>(boss, 'GET', `${url}&applicantId=${veteran.id}&leaveType=personal`);
      expect(mine.status).to.equal(200);
      expect(mine.body.items.map((f) => f.id)).to.deep.equal([personalId]);
      const all = await h.as<Items<FormBody>>(boss, 'GET', `${url}&leaveType=personal`);
      expect(all.body.items).to.have.length(2);
      expect((await h.as<FormBody>(boss, 'GET', `/forms/${personalId}`)).body.reason).to.equal('家中有事');
      const refused = expectProblem(await h.as(teacher, 'GET', url), 403, 'ATTENDANCE_MANAGER_ONLY');
      expect(refused.detail).to.equal('僅差勤管理者可查詢機關差勤資料');
      expectProblem(await h.as(boss, 'GET', `/agencies/A-OTHER/forms`), 403, 'ATTENDANCE_MANAGER_ONLY');
      expectProblem(await h.as(boss, 'GET', `${url}&leaveType=vacation`), 400, 'VALIDATION_FAILED', 'query.leaveType');
    });
  });

  describe('差假事由 (common reasons)', () => {
    const url = `/agencies/${boss.agencyId}/common-reasons`;

    it('lets the manager set them, everyone in the agency read them, and refuses the rest', async () => {
      expect((await h.as<CommonReasonsView>(teacher, 'GET', url)).body).to.deep.equal({ agencyId: boss.agencyId, reasons: [], version: 0 });
      const refused = expectProblem(await h.as(teacher, 'PUT', url, { reasons: ['研習'], version: 0 }), 403, 'ATTENDANCE_MANAGER_ONLY');
      expect(refused.detail).to.equal('僅差勤管理者可編輯常用事由');
      const set = await h.as<CommonReasonsView>(boss, 'PUT', url, { reasons: [' 參加研習 ', '家中有事'], version: 0 });
      expect(set.status, JSON.stringify(set.body)).to.equal(200);
      expect(set.body).to.deep.equal({ agencyId: boss.agencyId, reasons: ['參加研習', '家中有事'], version: 1 });
      expect((await h.as<CommonReasonsView>(teacher, 'GET', url)).body.reasons).to.deep.equal(['參加研習', '家中有事']);
      expectProblem(await h.as(outsider, 'GET', url), 403, 'OTHER_AGENCY');
    });

    it('refuses a stale version, duplicates and blanks, naming the field in zh-TW', async () => {
      const stale = expectProblem(
        await h.as(boss, 'PUT', url, { reasons: ['健康檢查'], version: 0 }),
        409,
        'COMMON_REASONS_CHANGED',
        'body.version',
      );
      expect(stale.detail).to.contain('已被其他人修改');
      const dup = expectProblem(
        await h.as(boss, 'PUT', url, { reasons: ['研習', '研習'], version: 1 }),
        400,
        'VALIDATION_FAILED',
        'body.reasons',
      );
      expect(JSON.stringify(dup.errors)).to.contain('常用事由不得重複');
      expectProblem(await h.as(boss, 'PUT', url, { reasons: [''], version: 1 }), 400, 'VALIDATION_FAILED', 'body.reasons.0');
      expect((await h.as<CommonReasonsView>(boss, 'GET', url)).body.version).to.equal(1);
    });
  });
});
