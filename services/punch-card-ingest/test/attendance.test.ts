import { expect } from 'chai';
import { AssertionSigner, createEvent, NotFoundError, ServiceClient } from '@webitr/platform';
import { createApiClient, punchCardIngestInternalApi } from '@webitr/contracts';
import { eventually, testAssertionKeys } from '@webitr/testkit';
import { agency, expectProblem, PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

interface Week {
  from: string;
  previousWeek: string;
  nextWeek: string;
  days: { date: string; in: string | null; out: string | null; result: { code: string; label: string } | null }[];
}

describe('web punch and daily attendance from events (integration)', function () {
  this.timeout(60_000);
  const h = new PunchHarness('attendance');
  let teacher: TestPerson;
  let manager: TestPerson;

  before(async () => {
    await h.start();
    teacher = await h.person('陳老師', { cards: ['0011112222'] });
    manager = await h.person('人事主任', { manager: true });
  });
  after(() => h.stop());

  it('punches on the server clock, answering the punch; the status shows the last', async () => {
    h.now = new Date('2024-08-07T07:48:31+08:00');
    const first = await h.as<{ punch: { time: string; kind: string } }>(teacher, 'POST', '/web-punches', {
      kind: '上班',
      at: '2024-08-07T07:00:00+08:00', // whatever the client says, the server's clock decides
    });
    expect(first.status, first.text).to.equal(201);
    expect(first.body).to.deep.equal({
      punch: { at: '2024-08-06T23:48:31.000Z', date: '2024-08-07', time: '07:48', kind: '上班', channel: 'web' },
    });
    // At once, before the attendance job has stored it among the raw punches: the status shows it.
    let status = await h.as<{ lastPunch: { time: string; kind: string } }>(teacher, 'GET', '/web-punches/status');
    expect(status.body.lastPunch).to.include({ time: '07:48', kind: '上班' });
    h.now = new Date('2024-08-07T16:02:00+08:00');
    const second = await h.as<{ punch: { time: string } }>(teacher, 'POST', '/web-punches', { kind: '下班' });
    expect(second.body.punch).to.include({ time: '16:02', kind: '下班' });
    status = await h.as<{ serverTime: string; lastPunch: { time: string; kind: string } }>(teacher, 'GET', '/web-punches/status');
    expect(status.body).to.deep.include({ serverTime: '2024-08-07T08:02:00.000Z' });
    expect(status.body.lastPunch).to.include({ time: '16:02', kind: '下班' });
    expectProblem(await h.as(teacher, 'POST', '/web-punches', { kind: '打卡' }), 400, 'VALIDATION_FAILED', 'body.kind');

    h.now = new Date('2024-08-07T20:00:00+08:00');
    const week = await h.as<Week>(teacher, 'GET', '/me/week?week=2024-08-07');
    expect(week.body).to.include({ from: '2024-08-05', previousWeek: '2024-07-29', nextWeek: '2024-08-12' });
    expect(week.body.days.map((d) => [d.date, d.in, d.out, d.result?.label ?? ''])).to.deep.equal([
      ['2024-08-05', null, null, '曠職'],
      ['2024-08-06', null, null, '曠職'],
      ['2024-08-07', '07:48', '16:02', '正常'],
      ['2024-08-08', null, null, ''],
      ['2024-08-09', null, null, ''],
      ['2024-08-10', null, null, '休息日'],
      ['2024-08-11', null, null, '例假日'],
    ]);
  });

  it('covers a day with approved leave once, however often the event comes, and uncovers it on cancellation', async () => {
    const form = { formId: 'F-LEAVE-1', kind: 'leave' as const, applicantId: teacher.id, agencyId: agency };
    await h.publish('leave.request.approval-requested', {
      ...form,
      submission: 1,
      leaveType: 'personal',
      start: '2024-08-05T08:00:00+08:00',
      end: '2024-08-06T16:00:00+08:00',
      minutes: 960,
    });
    const approved = createEvent('leave.request.approved', { ...form, decidedBy: manager.id }, 'leave');
    await h.publish('leave.request.approved', approved.payload, 'leave', approved);
    // The same event again (a redelivery) and a copy under a new id (a republished outbox): applied once.
    await h.publish('leave.request.approved', approved.payload, 'leave', approved).catch(() => undefined);
    await h.publish('leave.request.approved', { ...form, decidedBy: manager.id });
    const day = await h.ctx.models.days.findById(`${teacher.id}|2024-08-05`).lean();
    expect(Object.keys(day!.forms)).to.deep.equal(['F-LEAVE-1']);
    let week = await h.as<Week>(teacher, 'GET', '/me/week?week=2024-08-05');
    expect(week.body.days.slice(0, 2).map((d) => d.result?.label)).to.deep.equal(['請假', '請假']);

    await h.publish('leave.request.cancelled', form);
    week = await h.as<Week>(teacher, 'GET', '/me/week?week=2024-08-05');
    expect(week.body.days.slice(0, 2).map((d) => d.result?.label)).to.deep.equal(['曠職', '曠職']);
  });

  it('adds an approved forgotten punch as the missing clock-out', async () => {
    h.now = new Date('2024-08-08T07:55:00+08:00');
    await h.as(teacher, 'POST', '/web-punches', { kind: '上班' });
    h.now = new Date('2024-08-08T20:00:00+08:00');
    const form = { formId: 'F-PUNCH-1', kind: 'forgotten-punch' as const, applicantId: teacher.id, agencyId: agency };
    await h.publish('leave.request.approval-requested', {
      ...form,
      submission: 1,
      punchDirection: 'out',
      start: '2024-08-08T16:10:00+08:00',
      end: '2024-08-08T16:11:00+08:00',
      minutes: 0,
    });
    let week = await h.as<Week>(teacher, 'GET', '/me/week?week=2024-08-08');
    expect(week.body.days[3]).to.deep.include({ in: '07:55', out: null, result: { code: 'missing-out', label: '未刷下班卡' } });
    await h.publish('leave.request.approved', { ...form, decidedBy: manager.id });
    week = await h.as<Week>(teacher, 'GET', '/me/week?week=2024-08-08');
    expect(week.body.days[3]).to.deep.include({ in: '07:55', out: '16:10', result: { code: 'normal', label: '正常' } });
    const punch = await h.ctx.models.punches.findOne({ source: 'form:F-PUNCH-1' }).lean();
    expect(punch).to.include({ channel: 'forgotten-punch', kind: '下班' });
  });

  it('recomputes the days of a closure declared after the fact, and lists anomalies for the person and the managers (CSV too)', async () => {
    h.now = new Date('2024-08-09T20:00:00+08:00');
    // 08-06 was 曠職; a typhoon closure (停止上班上課) declared for it afterwards makes it so.
    let mine = await h.as<{ items: { date: string; result: { label: string } }[] }>(
      teacher,
      'GET',
      '/me/anomalies?from=2024-08-05&to=2024-08-09',
    );
    expect(mine.body.items.map((i) => [i.date, i.result.label])).to.deep.include(['2024-08-06', '曠職']);
    await h.publish('leave.calendar.changed', {
      agencyId: agency,
      date: '2024-08-06',
      entries: [{ kind: 'closure', name: '颱風停止上班' }],
    });
    const week = await h.as<Week>(teacher, 'GET', '/me/week?week=2024-08-05');
    expect(week.body.days[1]!.result).to.deep.equal({ code: 'closure', label: '停止上班上課' });
    mine = await h.as(teacher, 'GET', '/me/anomalies?from=2024-08-05&to=2024-08-09');
    expect(mine.body.items.map((i) => i.date)).to.not.include('2024-08-06');

    // Two who were not in service every day of the week: one joined on 08-07 (到職日), one is on 留職停薪 from 08-08.
    // Nothing recorded on those days is no 曠職 of theirs.
    const newcomer = await h.person('新進教師', { serviceStartDate: '2024-08-07' });
    const onLeave = await h.person('留停職員', { serviceStartDate: '2020-08-01' });
    await h.suspend(onLeave, '2024-08-08');

    const agencyList = await h.as<{ items: { name: string; date: string }[] }>(
      manager,
      'GET',
      `/agencies/${agency}/anomalies?from=2024-08-05&to=2024-08-09`,
    );
    expect(agencyList.status, agencyList.text).to.equal(200);
    expect(agencyList.body.items.map((i) => [i.name, i.date])).to.deep.include(['陳老師', '2024-08-05']);
    // The manager never punched nor looked at a week of his: no day of his is stored, and each workday is 曠職 all the same
    // (judged as 刷卡資料 judges it; the list writes nothing). The closure of 08-06 covers him too.
    expect(await h.ctx.models.days.findById(`${manager.id}|2024-08-05`).lean()).to.equal(null);
    expect(agencyList.body.items.filter((i) => i.name === '人事主任').map((i) => i.date)).to.deep.equal([
      '2024-08-05',
      '2024-08-07',
      '2024-08-08',
      '2024-08-09',
    ]);
    expect(await h.ctx.models.days.findById(`${manager.id}|2024-08-05`).lean()).to.equal(null);
    const datesOf = (name: string) => agencyList.body.items.filter((i) => i.name === name).map((i) => i.date);
    expect(datesOf('新進教師')).to.deep.equal(['2024-08-07', '2024-08-08', '2024-08-09']);
    expect(datesOf('留停職員')).to.deep.equal(['2024-08-05', '2024-08-07']);

    // The daily digest's day, through the internal API as the notification service calls it: the same judgement.
    const internal = createApiClient(
      punchCardIngestInternalApi,
      new ServiceClient({
        baseUrl: h.url,
        audience: 'punch-card-ingest',
        signer: new AssertionSigner('notification', (await testAssertionKeys()).privateJwk),
      }),
    );
    const day = await internal.listDayAnomalies({ query: { date: '2024-08-05', agencyId: agency } });
    expect(day.items.map((i) => [i.personId, i.agencyId, i.code, i.label])).to.deep.include.members([
      [teacher.id, agency, 'absent', '曠職'],
      [manager.id, agency, 'absent', '曠職'],
    ]);
    const who = async (date: string) =>
      (await internal.listDayAnomalies({ query: { date, agencyId: agency } })).items.map((i) => i.personId);
    expect(day.items.map((i) => i.personId))
      .to.include(onLeave.id)
      .and.not.include(newcomer.id);
    expect(await who('2024-08-08'))
      .to.include.members([newcomer.id, manager.id])
      .and.not.include(onLeave.id);
    const unknown = await internal.listDayAnomalies({ query: { date: '2024-08-05', agencyId: 'NO-SUCH-AGENCY' } }).catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(NotFoundError).and.to.include({ code: 'AGENCY_NOT_FOUND' });
    expect((await internal.listDayAnomalies({ query: { date: '2024-08-06', agencyId: agency } })).items).to.deep.equal([]); // the closure
    expect(await h.ctx.models.days.findById(`${manager.id}|2024-08-05`).lean()).to.equal(null);
    const csv = await h.as<string>(manager, 'GET', `/agencies/${agency}/anomalies?from=2024-08-05&to=2024-08-09&format=csv`);
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    expect(csv.text.split('\r\n')[0]).to.equal('日期,姓名,單位,上班卡,下班卡,出勤結果,遲到分鐘,早退分鐘');
    expect(csv.text).to.contain('113-08-05 (一),陳老師,');
    expectProblem(await h.as(teacher, 'GET', `/agencies/${agency}/anomalies`), 403, 'ATTENDANCE_MANAGER_REQUIRED');
    expectProblem(
      await h.as(manager, 'GET', `/agencies/${agency}/anomalies?from=2024-08-09&to=2024-08-01`),
      400,
      'PERIOD_INVALID',
      'query.from',
    );

    // Their own views say 未在職 for those days: the home page's week (days computed and stored)…
    const newWeek = await h.as<Week>(newcomer, 'GET', '/me/week?week=2024-08-05');
    expect(newWeek.body.days.slice(0, 5).map((d) => d.result?.label)).to.deep.equal(['未在職', '停止上班上課', '曠職', '曠職', '曠職']);
    expect((await h.ctx.models.days.findById(`${newcomer.id}|2024-08-05`).lean())?.anomaly).to.equal(false);
    // …and 刷卡資料 (judged when read): no missing punch to correct on a day of 留職停薪.
    const records = await h.as<{ items: { date: string; result: { label: string } | null; missing: string | null }[] }>(
      onLeave,
      'GET',
      '/me/punch-records?from=2024-08-05&to=2024-08-09',
    );
    expect(records.body.items.map((d) => [d.date, d.result?.label, d.missing])).to.deep.equal([
      ['2024-08-09', '未在職', null],
      ['2024-08-08', '未在職', null],
      ['2024-08-07', '曠職', 'both'],
      ['2024-08-06', '停止上班上課', null],
      ['2024-08-05', '曠職', 'both'],
    ]);

    // Their week, computed and stored while the 留職停薪 holds.
    const weekOf = async () =>
      (await h.as<Week>(onLeave, 'GET', '/me/week?week=2024-08-05')).body.days.slice(0, 5).map((d) => d.result?.label);
    expect(await weekOf()).to.deep.equal(['曠職', '停止上班上課', '曠職', '未在職', '未在職']);

    // Back from 留職停薪 on 08-09 (復職), registered after the fact: the 08-08 of the ended 留職停薪 stays no 曠職,
    // the 08-09 is one — in the lists, in 刷卡資料 and in the week, whose stored 未在職 is judged again.
    await h.reinstate(onLeave, '2024-08-09');
    const after = await h.as<{ items: { name: string; date: string }[] }>(
      manager,
      'GET',
      `/agencies/${agency}/anomalies?from=2024-08-05&to=2024-08-09`,
    );
    expect(after.body.items.filter((i) => i.name === '留停職員').map((i) => i.date)).to.deep.equal([
      '2024-08-05',
      '2024-08-07',
      '2024-08-09',
    ]);
    expect(await who('2024-08-08')).to.not.include(onLeave.id);
    expect(await who('2024-08-09')).to.include(onLeave.id);
    // This service's copy of the person goes when the directory's event comes. 刷卡資料 judges the stored 未在職
    // again as it reads (and writes nothing)...
    const recordsAfter = () =>
      h.as<{ items: { date: string; result: { label: string } | null; missing: string | null }[] }>(
        onLeave,
        'GET',
        '/me/punch-records?from=2024-08-08&to=2024-08-09',
      );
    const judged = await eventually(async () => {
      const items = (await recordsAfter()).body.items;
      return items[0]?.result?.label === '曠職' ? items : undefined;
    }, '刷卡資料 to judge 08-09 again once the directory says 復職');
    expect(judged.map((d) => [d.date, d.result?.label, d.missing])).to.deep.equal([
      ['2024-08-09', '曠職', 'both'],
      ['2024-08-08', '未在職', null],
    ]);
    expect((await h.ctx.models.days.findById(`${onLeave.id}|2024-08-09`).lean())?.result?.code).to.equal('not-in-service');
    // ...and the week computes it again and stores it.
    expect(await weekOf()).to.deep.equal(['曠職', '停止上班上課', '曠職', '未在職', '曠職']);
    expect((await h.ctx.models.days.findById(`${onLeave.id}|2024-08-09`).lean())?.result?.code).to.equal('absent');
  });
});
