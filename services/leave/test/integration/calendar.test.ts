import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_SETTINGS } from '../../src/domain/policy.ts';
import { balanceId } from '../../src/models/balance.ts';
import type { LeaveContext } from '../../src/context.ts';
import { finishPendingRecalculations } from '../../src/usecases/shared/national-calendar.ts';
import { recalculateCharges } from '../../src/usecases/shared/recalculation.ts';
import { eventually, expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody, TestPerson } from '../harness.ts';

interface Items<T> {
  items: T[];
}
interface Ledger {
  reserved: Record<string, { amount: number }>;
  consumed: Record<string, { amount: number }>;
  entries: { kind: string; amount: number; note: string; formId?: string }[];
}

const shipped = (file: string) => readFileSync(new URL(`../../../../packages/work-calendar/data/${file}`, import.meta.url));
const DAY = 480;

describe('national office calendar and dates (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('calendar');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const boss = manager('陳主任');
  // A system administrator as the gateway asserts one (the role is held system-wide, not in an agency of the directory).
  const admin: TestPerson = {
    ...person('系統管理者'),
    id: 'calendar-test-system-admin',
    roles: [{ role: 'system-admin', agencyId: 'SYSTEM' }],
  };

  const leave = (who: TestPerson, start: string, end: string, extra: Record<string, unknown> = {}) =>
    h.as<Items<FormBody>>(who, 'POST', '/forms/leave', { leaveType: 'personal', start, end, reason: '家中有事', ...extra });
  const ledger = async (who: TestPerson, period: string) =>
    (await h.ctx.models.balances.findById(balanceId(who.id, 'personal', period)).lean()) as unknown as Ledger;
  const upload = (year: number, content: Buffer, who: TestPerson = admin) =>
    h.as<{
      year: number;
      changedDates: string[];
      recalculated: { formId: string; before: { duration: string }; after: { duration: string } }[];
    }>(who, 'POST', `/calendar/national-years/${year}/import?source=${encodeURIComponent('https://data.gov.tw/dataset/14718')}`, content, {
      'content-type': 'text/csv',
    });

  before(async () => {
    await h.start(['leave.request.recalculated', 'leave.calendar.changed']);
    await h.directory.add(su, chan, boss);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
  });
  after(() => h.stop());

  it('ships the national calendar: 事假 115-12-31 08:00 ~ 116-01-04 17:15 is 2 days, 元旦 not counted', async () => {
    const res = await leave(su, '115-12-31 08:00', '116-01-04 17:15');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const form = res.body.items[0]!;
    expect(form.duration).to.equal('2日0小時');
    expect((form.days as { date: string }[]).map((d) => d.date)).to.deep.equal(['2026-12-31', '2027-01-04']);
    expect((await ledger(su, '2027')).reserved[form.id]!.amount).to.equal(DAY);
    const years = await h.as<Items<{ year: number; rocYear: number; origin: string; source: string }>>(
      su,
      'GET',
      '/calendar/national-years',
    );
    expect(years.body.items.map((y) => y.rocYear)).to.include.members([113, 114, 115, 116]);
    expect(years.body.items.find((y) => y.year === 2027))
      .to.include({ origin: 'shipped' })
      .and.have.property('source')
      .that.contains('data.gov.tw/dataset/14718');
    const calendar = await h.as<Items<{ date: string; kind: string; name: string }>>(
      su,
      'GET',
      `/agencies/${su.agencyId}/calendar-entries?from=115-12-20&to=116-01-10`,
    );
    expect(calendar.body.items).to.deep.include({
      id: '*|2027-01-01|holiday',
      agencyId: '*',
      date: '2027-01-01',
      kind: 'holiday',
      name: '開國紀念日',
      createdBy: 'system',
    });
  });

  it('an imported calendar that adds a holiday inside a charged form recalculates it, with a ledger line and an event; once', async () => {
    const res = await leave(su, '115-11-16 08:00', '115-11-18 17:15'); // Monday to Wednesday
    const form = res.body.items[0]!;
    expect(form.duration).to.equal('3日0小時');
    const amended = Buffer.from(shipped('115.csv').toString('utf8').replace('20261117,二,0,', '20261117,二,2,防災演習放假'));

    expectProblem(await upload(2026, amended, su), 403, 'ATTENDANCE_MANAGER_ONLY');
    expectProblem(await upload(2027, amended), 400, 'CALENDAR_YEAR_MISMATCH');
    expectProblem(await upload(2026, Buffer.from('日期,放假\n20261117,2\n')), 400, 'CALENDAR_FILE_INVALID');

    const imported = await upload(2026, amended);
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    expect(imported.body.changedDates).to.deep.equal(['2026-11-17']);
    expect(imported.body.recalculated).to.deep.equal([
      {
        formId: form.id,
        applicantId: su.id,
        before: { minutes: 3 * DAY, duration: '3日0小時' },
        after: { minutes: 2 * DAY, duration: '2日0小時' },
      },
    ]);
    const after = (await h.as<FormBody>(su, 'GET', `/forms/${form.id}`)).body;
    expect(after.duration).to.equal('2日0小時');
    const balance = await ledger(su, '2026');
    expect(balance.reserved[form.id]!.amount).to.equal(2 * DAY);
    const lines = balance.entries.filter((e) => e.kind === 'recalculation');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ amount: DAY, formId: form.id });
    expect(lines[0]!.note).to.contain('115年政府行政機關辦公日曆表變更').and.contain('由 3日0小時 改為 2日0小時');
    const event = await h.eventOf('leave.request.recalculated', form.id);
    expect(event.payload).to.include({ minutes: 2 * DAY, previousMinutes: 3 * DAY, duration: '2日0小時' });

    // The same file again, and reconciliation after it: nothing more.
    expect((await upload(2026, amended)).body.recalculated).to.deep.equal([]);
    await finishPendingRecalculations(h.ctx);
    expect((await ledger(su, '2026')).entries.filter((e) => e.kind === 'recalculation')).to.have.length(1);

    // The published file back: the day is charged again, with a line of its own.
    const restored = await upload(2026, shipped('115.csv'));
    expect(restored.body.changedDates).to.deep.equal(['2026-11-17']);
    expect((await ledger(su, '2026')).reserved[form.id]!.amount).to.equal(3 * DAY);
    expect((await ledger(su, '2026')).entries.filter((e) => e.kind === 'recalculation').map((e) => e.amount)).to.deep.equal([DAY, -DAY]);
  });

  it('reads the Big5 file the DGPA published for 114 (with its 補行上班 Saturday)', async () => {
    const res = await upload(2025, shipped('114.csv'));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ year: 2025, rocYear: 114, makeupWorkdays: 1 });
  });

  it('an agency closure (停止上班) inside an approved-or-pending form is recalculated too', async () => {
    const form = (await leave(su, '115-12-07 08:00', '115-12-08 17:15')).body.items[0]!;
    const closure = await h.as<{ recalculated: unknown[] }>(boss, 'POST', `/agencies/${su.agencyId}/calendar-entries`, {
      date: '115-12-08',
      kind: 'closure',
      name: '颱風停止上班',
    });
    expect(closure.status, JSON.stringify(closure.body)).to.equal(201);
    expect(closure.body.recalculated).to.have.length(1);
    expect((await h.as<FormBody>(su, 'GET', `/forms/${form.id}`)).body.duration).to.equal('1日0小時');
  });

  it('a region-wide closure (declareRegionClosure) is registered for each agency named, by a system administrator only', async () => {
    const other = 'A-KH-REGION-2';
    // An applicant of her own: the later tests count on 蘇怡君's 事假 of the year.
    const wu = person('吳雅婷');
    await h.directory.add(wu);
    await h.as(wu, 'POST', '/deputies', { personId: chan.id });
    const form = (await leave(wu, '115-12-10 08:00', '115-12-11 17:15')).body.items[0]!;
    const body = { agencyIds: [su.agencyId, other], date: '115-12-10', name: '高雄市颱風停止上班上課' };
    // An agency's attendance manager declares for the agency only (addCalendarEntry), never for a region.
    expectProblem(await h.as(boss, 'POST', '/calendar/closures', body), 403, 'SYSTEM_ADMIN_ONLY');
    expectProblem(await h.as(admin, 'POST', '/calendar/closures', { ...body, agencyIds: [] }), 400, 'VALIDATION_FAILED', 'body.agencyIds');

    const declared = await h.as<{ items: { agencyId: string; entryId?: string; recalculated?: number }[] }>(
      admin,
      'POST',
      '/calendar/closures',
      body,
    );
    expect(declared.status, JSON.stringify(declared.body)).to.equal(200);
    expect(declared.body.items).to.deep.equal([
      { agencyId: su.agencyId, entryId: `${su.agencyId}|2026-12-10|closure`, recalculated: 1 },
      { agencyId: other, entryId: `${other}|2026-12-10|closure`, recalculated: 0 },
    ]);
    expect((await h.as<FormBody>(wu, 'GET', `/forms/${form.id}`)).body.duration).to.equal('1日0小時');
    // Each agency's calendar has it as its own, and its event goes out like an agency's closure.
    for (const agencyId of [su.agencyId, other]) {
      const listed = await h.as<Items<{ kind: string; name: string; agencyId: string }>>(
        boss,
        'GET',
        `/agencies/${agencyId}/calendar-entries?from=115-12-10&to=115-12-10`,
      );
      expect(listed.body.items).to.deep.include({
        id: `${agencyId}|2026-12-10|closure`,
        agencyId,
        date: '2026-12-10',
        kind: 'closure',
        name: '高雄市颱風停止上班上課',
        createdBy: admin.id,
      });
      await eventually(
        () =>
          h.events.find(
            (e) =>
              e.type === 'leave.calendar.changed' &&
              (e.payload as { agencyId: string; date: string }).agencyId === agencyId &&
              (e.payload as { date: string }).date === '2026-12-10',
          ),
        `leave.calendar.changed of ${agencyId}`,
      );
    }
    // Declared again: each agency keeps the closure it has, and says so; nothing is recalculated twice.
    const again = await h.as<{ items: { agencyId: string; refused?: { code: string } }[] }>(admin, 'POST', '/calendar/closures', body);
    expect(again.status).to.equal(200);
    expect(again.body.items.map((i) => [i.agencyId, i.refused?.code])).to.deep.equal([
      [su.agencyId, 'CALENDAR_ENTRY_EXISTS'],
      [other, 'CALENDAR_ENTRY_EXISTS'],
    ]);
    await finishPendingRecalculations(h.ctx);
  });

  it('publishes leave.calendar.changed from the entry itself with what the date holds after each change, the import from its year', async () => {
    type Changed = { agencyId: string; date: string; entries: { kind: string; name: string; from?: string; to?: string }[] };
    const changes = (agencyId: string, date: string) =>
      h.events
        .filter((e) => e.type === 'leave.calendar.changed')
        .map((e) => e.payload as Changed)
        .filter((p) => p.agencyId === agencyId && p.date === date);
    const waitFor = (agencyId: string, date: string, n: number) =>
      eventually(
        async () => (changes(agencyId, date).length >= n ? changes(agencyId, date) : undefined),
        `${n} calendar events of ${date}`,
      );
    const entries = `/agencies/${su.agencyId}/calendar-entries`;
    const day = { date: '115-09-15' };
    const added = await h.as<{ id: string }>(boss, 'POST', entries, {
      ...day,
      kind: 'closure',
      name: '颱風停止上班',
      from: '13:00',
      to: '17:15',
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    await h.as(boss, 'POST', entries, { ...day, kind: 'special-day-off', name: '校慶補假' });
    expect((await waitFor(su.agencyId, '2026-09-15', 2))[1]!.entries).to.have.deep.members([
      { kind: 'closure', name: '颱風停止上班', from: '13:00', to: '17:15' },
      { kind: 'special-day-off', name: '校慶補假' },
    ]);
    // Written with the entry, and gone from its outbox once published.
    await eventually(
      async () => ((await h.ctx.models.calendar.findById(added.body.id).lean())?.outboxCount === 0 ? true : undefined),
      'published',
    );

    const removed = await h.as(boss, 'DELETE', `${entries}/${encodeURIComponent(added.body.id)}`);
    expect(removed.status, JSON.stringify(removed.body)).to.equal(204);
    expect((await waitFor(su.agencyId, '2026-09-15', 3))[2]!.entries).to.deep.equal([{ kind: 'special-day-off', name: '校慶補假' }]);
    const listed = await h.as<Items<{ id: string }>>(boss, 'GET', `${entries}?from=115-09-15&to=115-09-15`);
    expect(listed.body.items.map((e) => e.id)).to.deep.equal([`${su.agencyId}|2026-09-15|special-day-off`]);
    expectProblem(await h.as(boss, 'DELETE', `${entries}/${encodeURIComponent(added.body.id)}`), 404, 'CALENDAR_ENTRY_NOT_FOUND');
    // Declared again after its removal: in force again, and said so.
    const again = await h.as(boss, 'POST', entries, { ...day, kind: 'closure', name: '豪雨停止上班' });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    expect((await waitFor(su.agencyId, '2026-09-15', 4))[3]!.entries).to.have.deep.members([
      { kind: 'closure', name: '豪雨停止上班' },
      { kind: 'special-day-off', name: '校慶補假' },
    ]);
    expectProblem(await h.as(boss, 'POST', entries, { ...day, kind: 'closure', name: '重複' }), 409, 'CALENDAR_ENTRY_EXISTS');
    expect(changes(su.agencyId, '2026-09-15')).to.have.length(4);
    // The refused write left its date pending (recorded before any write); reconciliation clears it.
    await finishPendingRecalculations(h.ctx);

    // A national import: one event per changed date, agency `*`, with what the nation's calendar holds then.
    const amended = Buffer.from(shipped('115.csv').toString('utf8').replace('20261117,二,0,', '20261117,二,2,防災演習放假'));
    // (The earlier test imported this change and back: wait for the events after those.)
    const earlier = await waitFor('*', '2026-11-17', 2);
    expect((await upload(2026, amended)).body.changedDates).to.deep.equal(['2026-11-17']);
    expect((await waitFor('*', '2026-11-17', earlier.length + 1)).at(-1)!.entries).to.deep.equal([
      { kind: 'holiday', name: '防災演習放假' },
    ]);
    await upload(2026, shipped('115.csv'));
    expect((await waitFor('*', '2026-11-17', earlier.length + 2)).at(-1)!.entries).to.deep.equal([]);
  });

  describe("an agency's calendar change that cannot finish at once", () => {
    const pending = async () => (await h.ctx.models.calendarPending.findById(su.agencyId).lean())?.pendingDates ?? [];
    const lin = person('林佳蓉');
    before(async () => {
      await h.directory.add(lin);
      await h.as(lin, 'POST', '/deputies', { personId: chan.id });
    });
    const filed = async (who: TestPerson, start: string, end: string) => {
      const res = await leave(who, start, end);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body.items[0]!;
    };
    const closure = (date: string, name: string) =>
      h.as<{ recalculated: unknown[] }>(boss, 'POST', `/agencies/${su.agencyId}/calendar-entries`, { date, kind: 'closure', name });

    it('keeps the date pending while a form could not be recalculated (directory down), and reconciliation finishes it', async () => {
      const form = await filed(lin, '115-10-05 08:00', '115-10-06 17:15');
      // Out of the cache and the directory out of reach: the applicant cannot be read.
      await h.ctx.models.people.deleteOne({ _id: lin.id });
      await h.directory.proxy.stop();
      try {
        const res = await closure('115-10-06', '豪雨停止上班');
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect(res.body.recalculated).to.deep.equal([]);
      } finally {
        await h.directory.proxy.start();
      }
      expect((await ledger(lin, '2026')).reserved[form.id]!.amount).to.equal(2 * DAY);
      expect(await pending()).to.deep.equal(['2026-10-06']);

      await finishPendingRecalculations(h.ctx);
      expect((await ledger(lin, '2026')).reserved[form.id]!.amount).to.equal(DAY);
      expect((await ledger(lin, '2026')).entries.find((e) => e.kind === 'recalculation')!.note).to.contain('登錄豪雨停止上班');
      expect((await h.as<FormBody>(lin, 'GET', `/forms/${form.id}`)).body.duration).to.equal('1日0小時');
      expect(await pending()).to.deep.equal([]);
    });

    it('does not keep a date pending for ever for a form whose applicant the directory no longer knows', async () => {
      const form = await filed(su, '115-10-12 08:00', '115-10-13 17:15');
      await h.ctx.models.forms.updateOne({ _id: form.id }, { $set: { applicantId: randomUUID() } });
      const res = await closure('115-10-13', '颱風停止上班');
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(await pending()).to.deep.equal([]);
    });

    it('a form withdrawn while it is recalculated is not charged again', async () => {
      const form = await filed(lin, '115-10-19 08:00', '115-10-20 17:15');
      await h.ctx.models.calendar.create({
        _id: `${lin.agencyId}|2026-10-20|closure`,
        agencyId: lin.agencyId,
        date: '2026-10-20',
        kind: 'closure',
        name: '停電停止上班',
        createdBy: boss.id,
        createdAt: h.now,
      });
      // The form is read, then withdrawn (its charge released) before its balance is measured again.
      const racing: LeaveContext = {
        ...h.ctx,
        people: {
          get: async (id) => {
            expect((await h.as(lin, 'POST', `/forms/${form.id}/withdraw`)).status).to.equal(200);
            return h.ctx.people.get(id);
          },
          invalidate: (id, eventId) => h.ctx.people.invalidate(id, eventId),
        },
      };
      const { recalculated, failed } = await recalculateCharges(racing, lin.agencyId, ['2026-10-20'], '登錄停電停止上班');
      expect({ recalculated, failed }).to.deep.equal({ recalculated: [], failed: 0 });
      const balance = await ledger(lin, '2026');
      expect(balance.reserved, 'no charge of a withdrawn form').not.to.have.property(form.id);
      expect(balance.consumed).not.to.have.property(form.id);
      expect(balance.entries.filter((e) => e.formId === form.id && e.kind === 'recalculation')).to.deep.equal([]);
    });
  });

  describe('dates', () => {
    it('refuses a year outside the sane range, naming the field: 0115-12-23 is not charged to SY-1796', async () => {
      const res = await leave(su, '0115-12-23 08:00', '0115-12-23 17:15');
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED', 'body.start');
      expect(problem.detail).to.contain('請假起時：').and.contain('年份 115 不在 1912–2199 年');
      expectProblem(await h.as(su, 'GET', '/records?from=0115-01-01&to=115-12-31'), 400, 'VALIDATION_FAILED', 'query.from');
    });

    it('reads every API spelling of a date alike', async () => {
      for (const from of ['115-12-01', '115/12/01', '2026-12-01', '2026/12/01']) {
        const res = await h.as<{ items: unknown[] }>(su, 'GET', `/records?from=${encodeURIComponent(from)}&to=115-12-31`);
        expect(res.status, `${from}: ${JSON.stringify(res.body)}`).to.equal(200);
      }
    });

    it('states the accepted spellings in the OpenAPI document as pattern, description and examples', async () => {
      const doc = (await (await fetch(`${h.http.url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { parameters?: { name: string; schema: Record<string, unknown> }[] }>>;
      };
      const from = doc.paths['/records']!.get!.parameters!.find((p) => p.name === 'from')!.schema;
      expect(from).to.include({ title: '起日', type: 'string' });
      expect(from.pattern).to.be.a('string');
      expect(from.examples).to.deep.equal(['115-12-23', '115/12/23', '2026-12-23']);
      expect(from.description).to.contain('民國年 115-12-23');
      expect(doc.paths['/calendar/national-years/{year}/import']).to.have.property('post');
    });
  });

  describe('how far back a form may be filed (補請)', () => {
    it(`refuses leave starting more than ${DEFAULT_SETTINGS.filing!.backdatingDays} days before today by default, and what the agency sets`, async () => {
      // The harness's today is 113-08-01.
      const old = await leave(su, '113-06-28 08:00', '113-06-28 17:15');
      const problem = expectProblem(old, 400, 'BACKDATING_LIMIT', 'body.start');
      expect(problem.detail).to.contain('不得早於 113-07-02').and.contain('30 日');
      expect((await leave(su, '113-07-03 08:00', '113-07-03 17:15')).status).to.equal(201);
      // The personnel office may file it for them.
      expect((await leave(boss, '113-06-28 08:00', '113-06-28 17:15', { applicantIds: [su.id] })).status).to.equal(201);

      const policy = {
        expectedVersion: 0,
        overrides: {},
        settings: { ...DEFAULT_SETTINGS, filing: { backdatingDays: 3 } },
        reason: '差假應於3日內補請',
      };
      const set = await h.as(boss, 'PUT', `/agencies/${su.agencyId}/leave-policy`, policy);
      expect(set.status, JSON.stringify(set.body)).to.equal(200);
      expectProblem(await leave(su, '113-07-26 08:00', '113-07-26 17:15'), 400, 'BACKDATING_LIMIT', 'body.start');
      expect((await leave(su, '113-07-29 08:00', '113-07-29 17:15')).status).to.equal(201);
    });
  });
});
