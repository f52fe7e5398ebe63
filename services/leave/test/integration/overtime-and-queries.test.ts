import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}
interface LeaveTypes {
  types: { code: string; balance?: { label: string; remaining: number } }[];
}

describe('overtime, comp time, forgotten punches, queries and exports (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('overtime');
  const su = person('蘇怡君');
  const chan = person('詹香瑜', { unitName: '會計室' });
  const lin = person('林志明');
  const boss = manager('陳主任');
  const other = person('他機關', { agencyId: 'A-OTHER' });
  const otherGone = person('離職者', { agencyId: 'A-OTHER', status: 'separated' });

  const approve = async (formId: string, kind: 'leave' | 'overtime' | 'comp-time' | 'forgotten-punch', submission = 1) => {
    await h.decide('approval.form.approved', { formId, kind, subject: 'request', submission, decidedBy: boss.id });
    return h.formReaches(su, formId, 'approved');
  };
  const compLabel = async () =>
    (await h.as<LeaveTypes>(su, 'GET', '/leave-types')).body.types.find((t) => t.code === 'comp-time')!.balance!.label;

  before(async () => {
    await h.start(['leave.request.submitted', 'leave.request.approval-requested']);
    await h.directory.add(su, chan, lin, boss, other, otherGone);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
    await h.as(chan, 'POST', '/deputies', { personId: lin.id });
  });
  after(() => h.stop());

  describe('overtime (加班) and comp time (補休)', () => {
    let first: string;
    let second: string;

    it('is applied for beforehand, within 12 hours a day and 60 a month', async () => {
      expectProblem(
        await h.as(su, 'POST', '/forms/overtime', { start: '113-07-31 18:00', end: '113-07-31 20:00', reason: '趕工' }),
        409,
        'OVERTIME_NOT_PRIOR',
        'body.start',
      );
      expectProblem(
        await h.as(su, 'POST', '/forms/overtime', { start: '113-08-03 08:00', end: '113-08-03 21:00', reason: '活動' }),
        409,
        'OVERTIME_DAILY_CAP',
        'body.end',
      );
      expectProblem(
        await h.as(su, 'POST', '/forms/overtime', { start: '113-08-05 20:00', end: '113-08-05 18:00', reason: 'x' }),
        400,
        'END_BEFORE_START',
        'body.end',
      );
      const res = await h.as<Items<FormBody>>(su, 'POST', '/forms/overtime', {
        start: '113-08-05 17:30',
        end: '113-08-05 20:30',
        reason: '研習籌備',
        compensation: 'comp-time',
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.items).to.have.length(1);
      expect(res.body.items[0]).to.include({ status: 'in-approval', duration: '0日3小時', kind: 'overtime' });
      expect(res.body.items[0]!.filedBy).to.equal(undefined);
      first = res.body.items[0]!.id;
      expectProblem(
        await h.as(su, 'POST', '/forms/overtime', { start: '113-08-05 19:00', end: '113-08-05 21:00', reason: 'x' }),
        409,
        'OVERLAP',
        'body.start',
      );
      // 3 h + four Saturdays of 12 h = 51 h in August; another 12 h would pass 60
      const saturdays = ['113-08-10', '113-08-17', '113-08-24', '113-08-31'];
      for (const d of saturdays)
        expect(
          (await h.as(su, 'POST', '/forms/overtime', { start: `${d} 08:00`, end: `${d} 20:00`, reason: '活動', compensation: 'pay' }))
            .status,
        ).to.equal(201);
      const p = expectProblem(
        await h.as(su, 'POST', '/forms/overtime', { start: '113-08-25 08:00', end: '113-08-25 20:00', reason: '活動' }),
        409,
        'OVERTIME_MONTHLY_CAP',
        'body.end',
      );
      expect(p.detail).to.contain('2024-08');
    });

    it('approved overtime earns comp time; a comp-time request consumes the oldest grant first', async () => {
      const res = await h.as<Items<FormBody>>(su, 'POST', '/forms/overtime', {
        start: '113-09-07 09:00',
        end: '113-09-07 14:00',
        reason: '校慶',
        compensation: 'comp-time',
      });
      second = res.body.items[0]!.id;
      await approve(first, 'overtime');
      await approve(second, 'overtime');
      expect(await compLabel()).to.equal('加班補休 剩餘: 1日0小時');
      const grants = (await h.ctx.models.balances.findById(`${su.id}|comp-time|ALL`).lean())!.grants!;
      expect(grants.map((g) => [g.id, g.minutes, g.earnedOn, g.expiresOn])).to.deep.equal([
        [first, 180, '2024-08-05', '2026-08-04'],
        [second, 300, '2024-09-07', '2026-09-06'],
      ]);
      const comp = await h.as<Items<FormBody>>(su, 'POST', '/forms/leave', {
        leaveType: 'comp-time',
        start: '113-09-10 08:00',
        end: '113-09-10 12:00',
        reason: '補休',
      });
      expect(comp.status, JSON.stringify(comp.body)).to.equal(201);
      expect(comp.body.items[0]).to.include({ kind: 'comp-time', duration: '0日4小時' });
      const charge = (await h.ctx.models.balances.findById(`${su.id}|comp-time|ALL`).lean())!.reserved[comp.body.items[0]!.id]!;
      expect(charge.fromGrants).to.deep.equal({ [first]: 180, [second]: 60 });
      expectProblem(
        await h.as(su, 'POST', '/forms/leave', {
          leaveType: 'comp-time',
          start: '113-09-11 08:00',
          end: '113-09-11 17:15',
          reason: '補休',
        }),
        409,
        'INSUFFICIENT_BALANCE',
        'body.leaveType',
      );
    });

    it('pay overtime earns no comp time; cancelling (撤銷) a comp-time overtime takes its grant back', async () => {
      const grants = async () =>
        ((await h.ctx.models.balances.findById(`${su.id}|comp-time|ALL`).lean())!.grants ?? []).map((g) => [g.id, g.minutes]);
      const grantsBefore = await grants();
      const labelBefore = await compLabel();
      const pay = (
        await h.as<Items<FormBody>>(su, 'POST', '/forms/overtime', {
          start: '113-12-07 09:00',
          end: '113-12-07 12:00',
          reason: '整理檔案',
          compensation: 'pay',
        })
      ).body.items[0]!.id;
      // decided and fully handled (the inbox records a decision once its handler has finished, grant step included)
      const decided = (formId: string, subject: 'request' | 'cancellation' = 'request') =>
        h
          .decide('approval.form.approved', { formId, kind: 'overtime', subject, submission: 1, decidedBy: boss.id })
          .then((e) => h.handled(e));
      await decided(pay);
      expect((await h.as<FormBody>(su, 'GET', `/forms/${pay}`)).body.status).to.equal('approved');
      expect(await grants(), 'pay earns no grant').to.deep.equal(grantsBefore);
      expect(await compLabel()).to.equal(labelBefore);
      const comp = (
        await h.as<Items<FormBody>>(su, 'POST', '/forms/overtime', {
          start: '113-12-14 09:00',
          end: '113-12-14 12:00',
          reason: '整理檔案',
          compensation: 'comp-time',
        })
      ).body.items[0]!.id;
      await decided(comp);
      expect(await grants()).to.deep.equal([...grantsBefore, [comp, 180]]);
      expect(await compLabel()).to.not.equal(labelBefore);
      expect((await h.as<FormBody>(su, 'POST', `/forms/${comp}/cancel`, { reason: '活動取消' })).body.status).to.equal('cancel-requested');
      await decided(comp, 'cancellation');
      expect((await h.as<FormBody>(su, 'GET', `/forms/${comp}`)).body.status).to.equal('cancelled');
      expect(await grants(), 'the grant is taken back').to.deep.equal(grantsBefore);
      expect(await compLabel()).to.equal(labelBefore);
    });

    it('a returned overtime form is modified and goes back to approval as a new round', async () => {
      const id = (
        await h.as<Items<FormBody>>(su, 'POST', '/forms/overtime', {
          start: '113-09-14 09:00',
          end: '113-09-14 12:00',
          reason: '整理',
          compensation: 'pay',
        })
      ).body.items[0]!.id;
      await h.decide('approval.form.returned', {
        formId: id,
        kind: 'overtime',
        subject: 'request',
        submission: 1,
        decidedBy: boss.id,
        reason: '請改下午',
      });
      await h.formReaches(su, id, 'returned');
      const modified = await h.as<FormBody>(su, 'PUT', `/forms/${id}`, {
        start: '113-09-14 13:00',
        end: '113-09-14 17:00',
        reason: '整理',
        compensation: 'pay',
      });
      expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
      expect(modified.body).to.include({ status: 'in-approval', submission: 2, duration: '0日4小時' });
      expectProblem(
        await h.as(su, 'PUT', `/forms/${id}`, { start: '113-09-14 13:00', reason: '整理' }),
        400,
        'VALIDATION_FAILED',
        'body.end',
      );
    });

    it('the 出國或赴大陸 declaration covers weekends, needs a destination, and may overlap leave either way', async () => {
      expectProblem(
        await h.as(su, 'POST', '/forms/leave', { leaveType: 'abroad', start: '113-09-14 00:00', end: '113-09-16 00:00', reason: '旅遊' }),
        400,
        'LOCATION_REQUIRED',
        'body.location',
      );
      // leave first, then a declaration over it
      const friday = await h.as<Items<FormBody>>(su, 'POST', '/forms/leave', {
        leaveType: 'annual',
        start: '113-09-13 08:00',
        end: '113-09-13 17:15',
        reason: '出國',
      });
      expect(friday.status, JSON.stringify(friday.body)).to.equal(201);
      const res = await h.as<Items<FormBody>>(su, 'POST', '/forms/leave', {
        leaveType: 'abroad',
        start: '113-09-12 00:00',
        end: '113-09-16 00:00',
        location: '日本東京',
        reason: '旅遊',
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.items[0]).to.include({ status: 'in-approval', duration: '4日0小時' });
      expect(res.body.items[0]!.deputy).to.equal(undefined);
      // and leave inside a declared trip is not refused for overlapping the declaration
      const thursday = await h.as<Items<FormBody>>(su, 'POST', '/forms/leave', {
        leaveType: 'annual',
        start: '113-09-12 08:00',
        end: '113-09-12 17:15',
        reason: '出國',
      });
      expect(thursday.status, JSON.stringify(thursday.body)).to.equal(201);
      // leave still may not overlap leave
      expectProblem(
        await h.as(su, 'POST', '/forms/leave', { leaveType: 'annual', start: '113-09-12 13:15', end: '113-09-13 12:00', reason: '出國' }),
        409,
        'OVERLAP',
        'body.start',
      );
    });

    it('comp time expires after two years', async () => {
      const res = await h.as(su, 'POST', '/forms/leave', {
        leaveType: 'comp-time',
        start: '115-08-05 08:00',
        end: '115-08-05 10:00',
        reason: '補休',
      });
      // 2026-08-05: the first grant (to 2026-08-04) has expired; the second has 240 minutes left
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expectProblem(
        await h.as(su, 'POST', '/forms/leave', {
          leaveType: 'comp-time',
          start: '115-09-08 08:00',
          end: '115-09-08 10:00',
          reason: '補休',
        }),
        409,
        'INSUFFICIENT_BALANCE',
      );
    });
  });

  describe('多人 overtime (加班 for several people, e.g. a school event)', () => {
    // Their own unit and October, so that the queries below (August, 人事室) do not see them.
    const wang = person('王大明', { unitName: '學務處' });
    const lee = person('李小華', { unitName: '學務處' });
    const chang = person('張志豪', { unitName: '學務處' });
    const clerk = person('吳文書', { unitName: '學務處' });
    const event = { start: '113-10-05 08:00', end: '113-10-05 12:00', reason: '校慶運動會', compensation: 'comp-time' };
    const overtimeOf = (p: { id: string }) => h.ctx.models.forms.find({ kind: 'overtime', applicantId: p.id }).sort({ start: 1 }).lean();

    before(() => h.directory.add(wang, lee, chang, clerk));

    it('an attendance manager files one overtime for three people: three forms with the same facts, each with its events', async () => {
      const res = await h.as<Items<FormBody>>(boss, 'POST', '/forms/overtime', { ...event, applicantIds: [wang.id, lee.id, chang.id] });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(
        res.body.items.map((f) => [
          (f.applicant as { id: string }).id,
          f.filedBy,
          f.kind,
          f.status,
          f.period,
          f.duration,
          f.reason,
          f.overtime,
        ]),
      ).to.deep.equal(
        [wang, lee, chang].map((p) => [
          p.id,
          boss.id,
          'overtime',
          'in-approval',
          '113-10-05(六) 08:00 ~ 12:00',
          '0日4小時',
          '校慶運動會',
          { compensation: 'comp-time' },
        ]),
      );
      const ids = res.body.items.map((f) => f.id);
      expect(new Set(ids).size).to.equal(3);
      for (const [i, p] of [wang, lee, chang].entries()) {
        const stored = await overtimeOf(p);
        expect(stored.map((f) => [f._id, f.filedBy, f.minutes])).to.deep.equal([[ids[i], boss.id, 240]]);
        const submitted = await h.eventOf('leave.request.submitted', ids[i]!);
        expect(submitted.payload).to.include({ applicantId: p.id, kind: 'overtime', minutes: 240, submission: 1, status: 'in-approval' });
        const requested = await h.eventOf('leave.request.approval-requested', ids[i]!);
        expect(requested.payload).to.include({ applicantId: p.id, kind: 'overtime', filedBy: boss.id, minutes: 240 });
      }
      // The applicant sees it as theirs and the approval flow starts from it.
      expect((await h.as<FormBody>(lee, 'GET', `/forms/${ids[1]}`)).body).to.include({ id: ids[1], status: 'in-approval' });
    });

    it('refuses the whole filing when one person would pass the monthly cap: names that applicant and the rule, stores nothing for anyone', async () => {
      // 李小華: 4 h (the event) + four weekend days of 12 h = 52 h in October
      for (const d of ['113-10-12', '113-10-13', '113-10-19', '113-10-20']) {
        const own = await h.as(lee, 'POST', '/forms/overtime', {
          start: `${d} 08:00`,
          end: `${d} 20:00`,
          reason: '整理場地',
          compensation: 'pay',
        });
        expect(own.status, JSON.stringify(own.body)).to.equal(201);
      }
      const before = await h.counts();
      const res = await h.as(boss, 'POST', '/forms/overtime', {
        start: '113-10-26 08:00',
        end: '113-10-26 17:00',
        reason: '園遊會',
        applicantIds: [wang.id, lee.id, chang.id],
      });
      const p = expectProblem(res, 409, 'MULTI_APPLICANT_FAILED', 'body.applicantIds.1');
      expect(p.errors!.map((e) => [e.field, e.code])).to.deep.equal([['body.applicantIds.1', 'OVERTIME_MONTHLY_CAP']]);
      expect(p.errors![0]!.label).to.equal('申請人 李小華');
      expect(p.detail).to.equal('申請人 李小華：加班迄時：每月加班以7日4小時為限，2024-10合計將達7日5小時');
      expect(await h.counts()).to.deep.equal(before);
      for (const person of [wang, lee, chang])
        expect((await overtimeOf(person)).filter((f) => f.start.toISOString() === '2024-10-26T00:00:00.000Z')).to.deep.equal([]);
      // The same filing without her goes through: the refusal was hers alone.
      const rest = await h.as<Items<FormBody>>(boss, 'POST', '/forms/overtime', {
        start: '113-10-26 08:00',
        end: '113-10-26 17:00',
        reason: '園遊會',
        applicantIds: [wang.id, chang.id],
      });
      expect(rest.status, JSON.stringify(rest.body)).to.equal(201);
      expect(rest.body.items.map((f) => (f.applicant as { id: string }).id)).to.deep.equal([wang.id, chang.id]);
    });

    it('checks every applicant for the daily cap, prior application and overlap, naming each one refused', async () => {
      const before = await h.counts();
      // 王大明 and 張志豪 already have 08:00–17:00 on 10-26: 9 h + 4 h passes 12 h a day and overlaps for both; 李小華 is free then.
      const res = await h.as(boss, 'POST', '/forms/overtime', {
        start: '113-10-26 16:00',
        end: '113-10-26 20:00',
        reason: '收拾',
        applicantIds: [wang.id, lee.id, chang.id],
      });
      const p = expectProblem(res, 409, 'MULTI_APPLICANT_FAILED');
      expect(p.errors!.map((e) => [e.field, e.code])).to.deep.equal([
        ['body.applicantIds.0', 'OVERTIME_DAILY_CAP'],
        ['body.applicantIds.2', 'OVERTIME_DAILY_CAP'],
      ]);
      const late = await h.as(boss, 'POST', '/forms/overtime', {
        start: '113-07-31 18:00',
        end: '113-07-31 20:00',
        reason: '趕工',
        applicantIds: [wang.id, lee.id],
      });
      expect(expectProblem(late, 409, 'MULTI_APPLICANT_FAILED').errors!.map((e) => [e.field, e.code])).to.deep.equal([
        ['body.applicantIds.0', 'OVERTIME_NOT_PRIOR'],
        ['body.applicantIds.1', 'OVERTIME_NOT_PRIOR'],
      ]);
      const overlap = await h.as(boss, 'POST', '/forms/overtime', {
        start: '113-10-26 16:00',
        end: '113-10-26 18:00',
        reason: '收拾',
        applicantIds: [lee.id, chang.id],
      });
      const o = expectProblem(overlap, 409, 'MULTI_APPLICANT_FAILED', 'body.applicantIds.1');
      expect(o.errors!.map((e) => [e.field, e.code])).to.deep.equal([['body.applicantIds.1', 'OVERLAP']]);
      expect(o.detail).to.contain('張志豪113-10-26');
      expectProblem(
        await h.as(boss, 'POST', '/forms/overtime', { ...event, applicantIds: [] }),
        400,
        'VALIDATION_FAILED',
        'body.applicantIds',
      );
      expectProblem(
        await h.as(boss, 'POST', '/forms/overtime', { ...event, applicantIds: Array.from({ length: 51 }, (_, i) => `P${i}`) }),
        400,
        'VALIDATION_FAILED',
        'body.applicantIds',
      );
      expect(await h.counts()).to.deep.equal(before);
    });

    it('refuses (403) someone not authorised to file for every applicant, storing nothing', async () => {
      expect(
        (await h.as(boss, 'PUT', `/people/${wang.id}/attendance-profile`, { filers: [clerk.id], reason: '學務處代為申請加班' })).status,
      ).to.equal(200);
      const before = await h.counts();
      const p = expectProblem(
        await h.as(clerk, 'POST', '/forms/overtime', {
          ...event,
          start: '113-11-02 08:00',
          end: '113-11-02 12:00',
          applicantIds: [wang.id, lee.id],
        }),
        403,
        'NOT_AUTHORISED_TO_FILE',
      );
      expect(p.detail).to.contain('李小華');
      expectProblem(
        await h.as(lin, 'POST', '/forms/overtime', {
          ...event,
          start: '113-11-02 08:00',
          end: '113-11-02 12:00',
          applicantIds: [chang.id],
        }),
        403,
        'NOT_AUTHORISED_TO_FILE',
      );
      // Someone of another agency is refused without their name.
      const outside = expectProblem(
        await h.as(boss, 'POST', '/forms/overtime', {
          ...event,
          start: '113-11-02 08:00',
          end: '113-11-02 12:00',
          applicantIds: [wang.id, other.id],
        }),
        403,
        'NOT_AUTHORISED_TO_FILE',
      );
      expect(JSON.stringify(outside)).not.to.contain(other.name);
      // Nor is their employment status told before it is known that the actor may file for them.
      const gone = expectProblem(
        await h.as(boss, 'POST', '/forms/overtime', {
          ...event,
          start: '113-11-02 08:00',
          end: '113-11-02 12:00',
          applicantIds: [otherGone.id],
        }),
        403,
        'NOT_AUTHORISED_TO_FILE',
      );
      expect(JSON.stringify(gone)).not.to.contain(otherGone.name);
      expect(await h.counts()).to.deep.equal(before);
      // a filer named for 王大明 may file for him alone
      const own = await h.as<Items<FormBody>>(clerk, 'POST', '/forms/overtime', {
        ...event,
        start: '113-11-02 08:00',
        end: '113-11-02 12:00',
        applicantIds: [wang.id],
      });
      expect(own.status, JSON.stringify(own.body)).to.equal(201);
      expect(own.body.items.map((f) => [(f.applicant as { id: string }).id, f.filedBy])).to.deep.equal([[wang.id, clerk.id]]);
    });
  });

  describe('forgotten punch (忘刷卡)', () => {
    it('allows 3 a month (agency setting), refuses future dates and duplicates', async () => {
      h.now = new Date('2024-08-30T09:00:00+08:00');
      const punch = (date: string, direction: 'in' | 'out') =>
        h.as<FormBody>(su, 'POST', '/forms/forgotten-punch', {
          date,
          direction,
          time: direction === 'in' ? '07:55' : '17:20',
          reason: '忘記刷卡',
        });
      for (const [d, dir] of [
        ['113-08-01', 'in'],
        ['113-08-02', 'out'],
        ['113-08-05', 'in'],
      ] as const) {
        const res = await punch(d, dir);
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
      }
      expectProblem(await punch('113-08-06', 'in'), 409, 'PUNCH_MONTHLY_LIMIT', 'body.date');
      expectProblem(await punch('113-08-05', 'in'), 409, 'PUNCH_DUPLICATE', 'body.direction');
      expectProblem(await punch('113-09-02', 'in'), 400, 'PUNCH_IN_FUTURE', 'body.date');
      expectProblem(
        await h.as(su, 'POST', '/forms/forgotten-punch', { date: '113-08-07', direction: 'in', time: '25:00', reason: 'x' }),
        400,
        'VALIDATION_FAILED',
        'body.time',
      );
      const filed = (await punch('113-07-31', 'out')).body;
      expect(filed.summary).to.contain('113-07-31(三) 下班卡 17:20');
      // One instant, not the minute the form's interval spans (17:20 ~ 17:21).
      expect(filed.period).to.equal('113-07-31(三) 下班卡 17:20');
      // Approved, it is the day's correction for good: no 撤銷 (the punch it adds is never taken back, punch-card-ingest).
      await approve(filed.id, 'forgotten-punch');
      expectProblem(
        await h.as(su, 'POST', `/forms/${filed.id}/cancel`, { reason: '不需要了' }),
        400,
        'CANCEL_NOT_APPLICABLE',
        'params.formId',
      );
      expect((await h.as<FormBody>(su, 'GET', `/forms/${filed.id}`)).body.status).to.equal('approved');
      h.now = new Date('2024-08-01T09:00:00+08:00');
    });
  });

  describe('forgotten punch yearly limit', () => {
    it('allows 12 a year (agency setting) through the API; a withdrawn one frees its place', async () => {
      h.now = new Date('2024-08-30T09:00:00+08:00');
      try {
        const punch = (date: string) =>
          h.as<FormBody>(su, 'POST', '/forms/forgotten-punch', { date, direction: 'in', time: '07:55', reason: '忘記刷卡' });
        // 4 this year already (113-07-31 and three in August); 8 more make 12
        const ids: string[] = [];
        for (const d of ['113-04-01', '113-04-02', '113-05-01', '113-05-02', '113-05-03', '113-06-03', '113-06-04', '113-06-05']) {
          const res = await punch(d);
          expect(res.status, JSON.stringify(res.body)).to.equal(201);
          ids.push(res.body.id);
        }
        const p = expectProblem(await punch('113-04-03'), 409, 'PUNCH_YEARLY_LIMIT', 'body.date');
        expect(p.detail).to.contain('每年以12次為限').and.contain('已申請12次');
        expect((await h.as(su, 'POST', `/forms/${ids[0]}/withdraw`)).status).to.equal(200);
        expect((await punch('113-04-03')).status).to.equal(201);
      } finally {
        h.now = new Date('2024-08-01T09:00:00+08:00');
      }
    });
  });

  describe('多人 filing and queries', () => {
    it('an attendance manager files the same 公出 for several people at once', async () => {
      await h.as(lin, 'POST', '/deputies', { personId: chan.id });
      const res = await h.as<Items<FormBody>>(boss, 'POST', '/forms/leave', {
        leaveType: 'official-outing',
        start: '113-08-21 13:15',
        end: '113-08-21 17:15',
        location: '教育局',
        reason: '參加研習',
        remarks: ['具出差性質可請領差旅費'],
        applicantIds: [su.id, lin.id],
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.items.map((f) => [(f.applicant as { id: string }).id, f.filedBy])).to.deep.equal([
        [su.id, boss.id],
        [lin.id, boss.id],
      ]);
    });

    it('refuses the whole 多人 filing, storing nothing, when one person cannot take it', async () => {
      const before = await h.ctx.models.forms.countDocuments();
      const res = await h.as(boss, 'POST', '/forms/leave', {
        leaveType: 'official-outing',
        start: '113-08-21 13:15',
        end: '113-08-21 17:15',
        location: '教育局',
        reason: '研習',
        applicantIds: [chan.id, su.id],
      });
      const p = expectProblem(res, 409, 'MULTI_APPLICANT_FAILED', 'body.applicantIds.1');
      expect(p.detail).to.contain('重疊');
      expect(await h.ctx.models.forms.countDocuments()).to.equal(before);
    });

    it("lists my forms (申請案件) by period and status, with the seed's summary", async () => {
      const res = await h.as<Items<FormBody & { summary: string; kind: string }>>(
        su,
        'GET',
        '/forms?box=mine&status=pending&from=113-08-01&to=113-08-31&kind=leave',
      );
      expect(res.body.items).to.have.length(1);
      expect(res.body.items[0]!.summary).to.equal('期間： 113-08-21(三) 13:15 ~ 17:15 時數： 0日4小時 事由： 參加研習');
      const all = await h.as<Items<FormBody>>(su, 'GET', '/forms?box=mine');
      expect(all.body.items.length).to.be.greaterThan(8);
      expectProblem(await h.as(su, 'GET', '/forms?status=bogus'), 400, 'VALIDATION_FAILED', 'query.status');
    });

    it('shows 差勤資料查詢 with totals per type', async () => {
      const res = await h.as<{ totals: { title: string; count: number; duration: string }[] }>(
        su,
        'GET',
        '/records?from=113-08-01&to=113-09-30',
      );
      expect(res.body.totals).to.deep.include({ title: '加班', count: 2, minutes: 480, duration: '1日0小時' });
    });

    it("gives attendance managers their agency's forms per unit, as JSON, CSV and XLSX", async () => {
      expectProblem(await h.as(su, 'GET', `/agencies/${su.agencyId}/forms`), 403, 'ATTENDANCE_MANAGER_ONLY');
      expectProblem(await h.as(boss, 'GET', '/agencies/A-OTHER/forms'), 403, 'ATTENDANCE_MANAGER_ONLY');
      const json = await h.as<Items<FormBody>>(
        boss,
        'GET',
        `/agencies/${su.agencyId}/forms?unitId=${su.unitId}&from=113-08-21&to=113-08-21`,
      );
      expect(json.body.items.map((f) => (f.applicant as { name: string }).name).sort()).to.deep.equal(['林志明', '蘇怡君']);
      const csv = await h.as(boss, 'GET', `/agencies/${su.agencyId}/forms?format=csv&from=113-08-21&to=113-08-21`);
      expect(csv.status).to.equal(200);
      expect(csv.headers.get('content-type')).to.contain('text/csv');
      const text = csv.raw.toString('utf8');
      expect(text.charCodeAt(0)).to.equal(0xfeff);
      expect(text)
        .to.contain('表單編號,申請人,單位,表單,期間,時數,批示狀態')
        .and.contain('蘇怡君,人事室,公出,113-08-21(三) 13:15 ~ 17:15,0日4小時,申請中');
      const xlsx = await h.as(boss, 'GET', `/agencies/${su.agencyId}/forms?format=xlsx&from=113-08-01&to=113-08-31&kind=overtime`);
      expect(xlsx.headers.get('content-type')).to.contain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('差勤資料')!;
      expect(sheet.getRow(1).getCell(2).value).to.equal('申請人');
      expect(sheet.rowCount).to.equal(1 + 5);
      expect(sheet.getRow(2).getCell(4).value).to.equal('加班');
    });
  });
});
