import { expect } from 'chai';
import { addDays, taipeiInstant } from '@webitr/work-calendar';
import type { AttendanceDayDoc, CoveringForm } from '../src/models/attendance-day.ts';
import { dayId } from '../src/models/attendance-day.ts';
import { computeDays, computeStoredDay, recomputeStoredDays } from '../src/usecases/shared/attendance.ts';
import type { DayChange } from '../src/usecases/shared/attendance.ts';
import { raw } from '../src/usecases/shared/store.ts';
import { agency, PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

const OTHER = 'A-KH-OTHER';
const FROM = '2024-09-09';
const TO = '2024-09-22'; // two weeks: 中秋節 (09-17, national holiday), two weekends
const dates = Array.from({ length: 14 }, (_, i) => addDays(FROM, i));

/** What a day holds before it is computed: punches merged, forms, no result. */
function inputsOf(people: TestPerson[]): AttendanceDayDoc[] {
  const docs: AttendanceDayDoc[] = [];
  // Clock-ins and -outs that make every result: on time, late (in and past the flexible window), early, one punch, none.
  const ins = ['07:25', '08:00', '08:20', '08:41', '09:30', undefined, '12:40'];
  const outs = ['16:00', '17:15', '17:40', '15:10', undefined, '16:35', '12:40'];
  people.forEach((p, n) => {
    dates.forEach((date, k) => {
      const i = ins[(n + k) % ins.length];
      const o = outs[(n * 3 + k) % outs.length];
      const forms: Record<string, CoveringForm> = {};
      // A whole day's leave, a morning's, an afternoon's, a whole day's 公出.
      const form = (leaveType: string, from: string, to: string) =>
        (forms[`F-${n}-${k}`] = { kind: 'leave', leaveType, start: at(date, from), end: at(date, to) });
      if ((n + k) % 9 === 0) form('personal', '07:00', '18:00');
      if ((n + k) % 9 === 4) form('sick', '07:00', '12:00');
      if ((n + k) % 9 === 6) form('personal', '13:00', '18:00');
      if ((n + k) % 9 === 7) form('official-outing', '07:00', '18:00');
      docs.push({
        _id: dayId(p.id, date),
        personId: p.id,
        agencyId: p.agencyId,
        date,
        ...(i ? { firstIn: at(date, i) } : {}),
        ...(o ? { lastOut: at(date, o) } : {}),
        forms,
        anomaly: false,
      });
    });
  });
  return docs;
}

const at = (date: string, time: string) => taipeiInstant(date, time);

describe('recomputing many days at once (integration)', function () {
  this.timeout(120_000);
  const h = new PunchHarness('recompute');
  let people: TestPerson[];
  let elsewhere: TestPerson;

  before(async () => {
    await h.start();
    // The three schedule groups, and one person with no group (the office day); the directory knows them all.
    people = [
      await h.person('導師', { scheduleGroup: 'teacher' }),
      await h.person('幹事', { scheduleGroup: 'school-staff' }),
      await h.person('科員', { scheduleGroup: 'office' }),
      await h.person('組長', { scheduleGroup: 'office' }),
    ];
    elsewhere = await h.person('他校老師', { scheduleGroup: 'teacher', agencyId: OTHER });
    // The agency's own calendar: a typhoon closure, an afternoon's closure, a special day off.
    h.now = new Date('2024-09-30T20:00:00+08:00');
    await h.publish('leave.calendar.changed', {
      agencyId: agency,
      date: '2024-09-11',
      entries: [{ kind: 'closure', name: '颱風停止上班' }],
    });
    await h.publish('leave.calendar.changed', {
      agencyId: agency,
      date: '2024-09-12',
      entries: [{ kind: 'closure', name: '颱風下午停止上班', from: '12:00' }],
    });
    await h.publish('leave.calendar.changed', {
      agencyId: agency,
      date: '2024-09-20',
      entries: [{ kind: 'special-day-off', name: '校慶補假' }],
    });
  });
  after(() => h.stop());

  /** Put the uncomputed days back (and nothing else of the two weeks). */
  async function reset(docs: AttendanceDayDoc[]): Promise<void> {
    await h.ctx.models.days.deleteMany({});
    await raw(h.ctx.models.days.collection).insertMany(docs, { ordered: false });
  }

  /** The stored days, without when they were computed. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const docs = await h.ctx.models.days.find({}).lean();
    return Object.fromEntries(docs.map(({ computedAt: _, ...d }) => [d._id, d]));
  }

  it('stores the same results in bulk as the single-day path, from the same inputs', async () => {
    const everyone = [...people, elsewhere];
    const inputs = inputsOf(everyone);
    await reset(inputs);
    for (const d of inputs) await computeStoredDay(h.ctx, d.personId, d.date);
    const one = await snapshot();
    // The inputs make every kind of result, so the comparison covers each rule.
    const codes = new Set(Object.values(one).map((d) => (d as AttendanceDayDoc).result!.code));
    expect([...codes].sort()).to.deep.equal(
      [
        'absent',
        'closure',
        'early',
        'holiday',
        'late',
        'late-and-early',
        'missing-in',
        'missing-out',
        'normal',
        'official-outing',
        'on-leave',
        'regular-day-off',
        'rest-day',
        'special-day-off',
      ].sort(),
    );

    // The stored days of the agency and the other agency, streamed and computed in bulk.
    await reset(inputs);
    const report = await recomputeStoredDays(h.ctx, { agencyId: '*', from: FROM, to: TO });
    expect(report).to.deep.include({ computed: inputs.length, inserted: 0, updated: inputs.length });
    expect(await snapshot()).to.deep.equal(one);

    // Nothing stored yet: the same days arriving as merges and forms (as an upload's and the form events' would).
    await h.ctx.models.days.deleteMany({});
    const changes: DayChange[] = inputs.map((d) => ({
      personId: d.personId,
      agencyId: d.agencyId,
      date: d.date,
      merge: { ...(d.firstIn ? { firstIn: d.firstIn } : {}), ...(d.lastOut ? { lastOut: d.lastOut } : {}) },
      forms: d.forms,
    }));
    const fresh = await computeDays(h.ctx, changes, { mostlyNew: true });
    expect(fresh).to.deep.include({ computed: inputs.length, inserted: inputs.length, updated: 0 });
    expect(await snapshot()).to.deep.equal(one);

    // The same changes again (a redelivery, a job a crash cut short): nothing is written.
    const again = await computeDays(h.ctx, changes, { mostlyNew: true });
    expect(again).to.deep.include({ computed: inputs.length, inserted: 0, updated: 0 });
    const read = await computeDays(h.ctx, changes);
    expect(read).to.deep.include({ computed: inputs.length, inserted: 0, updated: 0 });
    expect(await snapshot()).to.deep.equal(one);
  });

  it('merges into stored days, keeping earlier punches and forms, as the single-day path would', async () => {
    const inputs = inputsOf(people);
    await reset(inputs);
    // Later punches: an earlier clock-in and a later clock-out than stored (or none stored) on every day.
    const changes: DayChange[] = inputs.map((d) => ({
      personId: d.personId,
      agencyId: d.agencyId,
      date: d.date,
      merge: { firstIn: at(d.date, '07:50'), lastOut: at(d.date, '17:20') },
    }));
    for (const c of changes) {
      const summary = c.merge!;
      await h.ctx.models.days.updateOne(
        { _id: dayId(c.personId, c.date) },
        { $min: { firstIn: summary.firstIn }, $max: { lastOut: summary.lastOut } },
      );
      await computeStoredDay(h.ctx, c.personId, c.date);
    }
    const one = await snapshot();
    await reset(inputs);
    const bulk = await computeDays(h.ctx, changes, { mostlyNew: true });
    expect(bulk).to.deep.include({ computed: inputs.length, inserted: 0, updated: inputs.length });
    expect(await snapshot()).to.deep.equal(one);
    const day = one[dayId(people[0]!.id, '2024-09-09')] as AttendanceDayDoc;
    expect(day.firstIn!.getTime()).to.be.at.most(at('2024-09-09', '07:50').getTime());
  });

  it("recomputes the agency's days of a closure declared after the fact, and no one else's", async () => {
    await reset(inputsOf([...people, elsewhere]));
    await recomputeStoredDays(h.ctx, { agencyId: '*', from: FROM, to: TO });
    const before = await snapshot();
    const date = '2024-09-13';
    for (const p of [...people, elsewhere])
      expect((before[dayId(p.id, date)] as AttendanceDayDoc).result!.code, p.name).to.not.equal('closure');

    await h.publish('leave.calendar.changed', { agencyId: agency, date, entries: [{ kind: 'closure', name: '颱風停止上班上課' }] });
    const after = await snapshot();
    for (const p of people) {
      const day = after[dayId(p.id, date)] as AttendanceDayDoc;
      expect(day.result, p.name).to.deep.equal({ code: 'closure', label: '停止上班上課' });
      expect(day.anomaly).to.equal(false);
    }
    // Another agency's day, and the agency's other dates, are as they were.
    expect(after[dayId(elsewhere.id, date)]).to.deep.equal(before[dayId(elsewhere.id, date)]);
    for (const [id, day] of Object.entries(before)) if (!id.endsWith(date)) expect(after[id], id).to.deep.equal(day);

    // The same change again (a redelivery under a new id): nothing is written, not even the computing time.
    const computedAt = (await h.ctx.models.days.findById(dayId(people[0]!.id, date)).lean())!.computedAt;
    await h.publish('leave.calendar.changed', { agencyId: agency, date, entries: [{ kind: 'closure', name: '颱風停止上班上課' }] });
    expect((await h.ctx.models.days.findById(dayId(people[0]!.id, date)).lean())!.computedAt).to.deep.equal(computedAt);

    // Withdrawn: the days are judged by their punches again.
    await h.publish('leave.calendar.changed', { agencyId: agency, date, entries: [] });
    expect(await snapshot()).to.deep.equal(before);
  });
});
