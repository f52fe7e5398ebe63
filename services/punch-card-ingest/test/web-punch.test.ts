import { expect } from 'chai';
import { dayId } from '../src/models/attendance-day.ts';
import { workPendingDays } from '../src/usecases/shared/attendance.ts';
import { PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

interface Week {
  days: { date: string; in: string | null; out: string | null; result: { code: string } | null }[];
}

describe('web punches written together (integration)', function () {
  this.timeout(120_000);
  // The attendance job only when the test says (no timer, no kick within the test).
  const h = new PunchHarness('web-punch');
  const people: TestPerson[] = [];

  before(async () => {
    await h.start({ ATTENDANCE_INTERVAL_MS: '600000', ATTENDANCE_KICK_DELAY_MS: '600000' });
    for (let i = 0; i < 30; i++) people.push(await h.person(`教師${i}`, { scheduleGroup: 'teacher' }));
  });
  after(() => h.stop());

  it('answers each of many punches at once with fewer writes than punches, each kept once the answer comes', async () => {
    h.now = new Date('2024-08-07T07:40:00+08:00');
    // The punches' entries go through the runtime's insert lane (on FerretDB a connection of its own).
    const pending = h.runtime.insertLane.collection(h.ctx.models.pending.collection.collectionName);
    const insertMany = pending.insertMany.bind(pending);
    // The first write is held until every punch has reached the writer: whether the others then share writes must not
    // depend on how fast the store is (with SQLite's synchronous=NORMAL one insert could end before the next punch came).
    const writer = h.ctx.webPunches;
    const record = writer.record.bind(writer);
    let recorded = 0;
    let everyoneIn!: () => void;
    const allRecorded = new Promise<void>((resolve) => (everyoneIn = resolve));
    writer.record = (punch) => {
      const stored = record(punch);
      if (++recorded === people.length) everyoneIn();
      return stored;
    };
    let inserts = 0;
    pending.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      inserts += 1;
      if (inserts === 1) await allRecorded;
      return insertMany(...args);
    }) as typeof pending.insertMany;
    try {
      const answers = await Promise.all(people.map((p) => h.as<{ punch: { time: string } }>(p, 'POST', '/web-punches', { kind: '上班' })));
      expect(answers.map((a) => a.status)).to.deep.equal(people.map(() => 201));
    } finally {
      pending.insertMany = insertMany;
      writer.record = record;
    }
    expect(inserts).to.be.above(0).and.below(people.length);
    // Kept, though the job has not run: one entry per punch, holding it; no raw punch stored yet.
    expect(await h.ctx.models.pending.countDocuments()).to.equal(people.length);
    expect(await h.ctx.models.punches.countDocuments()).to.equal(0);

    // The person sees it at once: last punch and the week (merged for them now).
    const status = await h.as<{ lastPunch: { time: string; kind: string } }>(people[0]!, 'GET', '/web-punches/status');
    expect(status.body.lastPunch).to.include({ time: '07:40', kind: '上班' });
    h.now = new Date('2024-08-07T17:00:00+08:00');
    const week = await h.as<Week>(people[0]!, 'GET', '/me/week?week=2024-08-07');
    expect(week.body.days[2]).to.deep.include({
      date: '2024-08-07',
      in: '07:40',
      out: null,
      result: { code: 'missing-out', label: '未刷下班卡' },
    });
  });

  it('stores the same punch once, however often it arrives or is worked', async () => {
    // The same millisecond twice (a double click that reached us twice): one punch.
    h.now = new Date('2024-08-07T17:05:00+08:00');
    const twice = await Promise.all([1, 2].map(() => h.as(people[1]!, 'POST', '/web-punches', { kind: '下班' })));
    expect(twice.map((a) => a.status)).to.deep.equal([201, 201]);
    expect(await h.ctx.models.pending.countDocuments({ personId: people[1]!.id })).to.equal(2);

    // The job: the raw punches stored from their entries, the days computed, the entries gone.
    const entries = await h.ctx.models.pending.find({}).lean();
    while ((await workPendingDays(h.ctx)) > 0);
    expect(await h.ctx.models.pending.countDocuments()).to.equal(0);
    const punches = await h.ctx.models.punches.find({}).lean();
    expect(punches).to.have.length(people.length + 1);
    expect(new Set(punches.map((p) => p._id)).size).to.equal(punches.length);
    expect(punches.filter((p) => p.personId === people[1]!.id).map((p) => p.kind)).to.have.members(['上班', '下班']);
    const day = await h.ctx.models.days.findById(dayId(people[1]!.id, '2024-08-07')).lean();
    expect(day?.result).to.deep.include({ code: 'normal', in: '07:40', out: '17:05' });

    // A job cut short by a crash after storing the punches works the same entries again: nothing new.
    await h.ctx.models.pending.insertMany(entries);
    while ((await workPendingDays(h.ctx)) > 0);
    expect(await h.ctx.models.punches.countDocuments()).to.equal(people.length + 1);
    expect(await h.ctx.models.days.findById(dayId(people[1]!.id, '2024-08-07')).lean()).to.deep.equal(day);
  });

  it('works a long queue in many short passes and leaves no cursor open behind it: the store still answers', async () => {
    // At the morning rush the job takes a batch off a long queue, pass after pass. A cursor it
    // left open each time held one of FerretDB's SQLite connections; about a hundred of them
    // and every write waited forever (bench:punch-rush hung so). Passes of one entry, read two
    // at a time, so each pass leaves the rest of the queue behind its cursor.
    h.now = new Date('2024-08-08T07:50:00+08:00');
    for (let round = 0; round < 5; round++) {
      h.now = new Date(h.now.getTime() + 60_000);
      for (const person of people) expect((await h.as(person, 'POST', '/web-punches', { kind: '上班' })).status).to.equal(201);
    }
    const queued = await h.ctx.models.pending.countDocuments();
    expect(queued).to.equal(5 * people.length);
    let passes = 0;
    const pass = () =>
      Promise.race([
        workPendingDays(h.ctx, undefined, { entries: 1, days: 1, readSize: 2 }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`the store stopped answering after ${passes} passes`)), 20_000).unref(),
        ),
      ]);
    while ((await pass()) > 0) passes += 1;
    expect(passes).to.equal(queued);
    expect(await h.ctx.models.punches.countDocuments({ at: { $gte: new Date('2024-08-08T07:50:00+08:00') } })).to.equal(queued);
  });
});
