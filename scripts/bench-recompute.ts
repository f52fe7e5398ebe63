// `npm run bench:recompute` (issue 15): a month (22 workdays) of daily
// attendance results for 20,000 people — 440,000 person-days — computed
// through the service's real code, in a fresh database on real FerretDB (or
// MONGODB_URI), beside baselines measured in the same run:
//
// 1. the attendance job (use case work-pending-days: the batched path) over
//    the pending days a month's card files leave — one entry per person, as
//    the upload writes them — against a bare loop that reads the same entries
//    and inserts 440,000 day documents of the same shape into a collection
//    with the same indexes, computing nothing;
// 2. the stored month computed again (recomputeStoredDays: what a calendar
//    change runs, here over the whole month) when nothing changed;
// 3. samples, extrapolated to 440,000 days: the single-day path
//    (computeStoredDay, what every recompute did before) and bare bulkWrite
//    updates of stored days (the floor of a recompute in which every day's
//    result changes: each update is a transaction of its own on FerretDB).
//
// The directory is not asked: the service's copies of the people are seeded
// fresh. Prints the load average at each phase (the machine is shared) and
// the process's peak RSS. Env: BENCH_PEOPLE (20000), BENCH_SAMPLE (50).
import os from 'node:os';
import { databaseName, loadConfig } from '@webitr/platform';
import { cleanupNamespace, suiteNamespace, testServiceConfig } from '@webitr/testkit';
import { addDays, dayKind, shippedNationalCalendars, taipeiInstant, taipeiLocal } from '@webitr/work-calendar';
import type { CalendarEntry } from '@webitr/work-calendar';
import { configSchema } from '../services/punch-card-ingest/src/config.ts';
import { start } from '../services/punch-card-ingest/src/service.ts';
import { dayId } from '../services/punch-card-ingest/src/models/attendance-day.ts';
import type { PendingDaysDoc } from '../services/punch-card-ingest/src/models/attendance-day.ts';
import type { PunchDoc } from '../services/punch-card-ingest/src/models/punch.ts';
import { computeStoredDay, recomputeStoredDays } from '../services/punch-card-ingest/src/usecases/shared/attendance.ts';
import { attendanceWorker } from '../services/punch-card-ingest/src/usecases/work-pending-days/index.ts';
import { ensureFerretDb, ensureRabbitMQ, ensureRedis } from './lib/infra.ts';

const PEOPLE = Number(process.env['BENCH_PEOPLE'] ?? 20_000);
const WORKDAYS = 22;
// The single-day path reads a person's punches by a filter FerretDB serves by scanning 680,000 of them: ~1 s a day here.
const SAMPLE = Number(process.env['BENCH_SAMPLE'] ?? 50);
const AGENCY = 'BENCH-AGENCY';
const GROUPS = ['office', 'school-staff', 'teacher'] as const;
// Clock-ins and clock-outs that make every kind of result (正常, 遲到, 早退, 未刷上班卡, 未刷下班卡, 曠職).
const INS = ['07:25', '07:52', '08:04', '08:21', '08:47', undefined, '07:58', '07:40', undefined];
const OUTS = ['16:05', '17:20', '17:41', '15:30', '17:16', '16:32', undefined, '17:30', undefined];

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const say = (message: string) => console.log(`[bench] ${message}`);
const secondsSince = (t: number) => (performance.now() - t) / 1000;

interface RawCollection {
  insertMany(docs: readonly object[], options: { ordered: false }): Promise<unknown>;
  bulkWrite(ops: readonly object[], options: { ordered: false }): Promise<unknown>;
}

/** The first 22 workdays (by the shipped national calendar) from the first day of last month. */
function month(): string[] {
  const entries: CalendarEntry[] = shippedNationalCalendars().flatMap(({ calendar }) => calendar.entries);
  const today = taipeiLocal(new Date()).date;
  let date = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  const dates: string[] = [];
  while (dates.length < WORKDAYS) {
    if (dayKind(date, entries) === 'workday') dates.push(date);
    date = addDays(date, 1);
  }
  return dates;
}

async function main(): Promise<void> {
  const [, ferret] = await Promise.all([ensureRabbitMQ(), ensureFerretDb(), ensureRedis()]);
  process.env['MONGODB_URI'] = ferret.uri;
  const namespace = suiteNamespace('bench-recompute');
  const env = await testServiceConfig(namespace, { ATTENDANCE_INTERVAL_MS: '3600000' });
  const service = await start(loadConfig(configSchema, env), {
    directory: {
      findPeopleByCards: () => Promise.reject(new Error('not in this bench')),
      // Every person's copy is seeded fresh: asking the directory would be a fault of the batched path.
      getPersonSummary: ({ params }) => Promise.reject(new Error(`the directory was asked for ${params.personId}`)),
      listAgencyPeople: () => Promise.reject(new Error('not in this bench')),
    },
  });
  const { ctx } = service;
  const dates = month();
  const from = dates[0]!;
  const to = dates.at(-1)!;
  const days = PEOPLE * WORKDAYS;
  const person = (i: number) => `BP${String(i).padStart(6, '0')}`;
  const lines: string[] = [];
  // Printed as measured too: the samples can take long on FerretDB, and a run stopped there keeps what it measured.
  const line = (label: string, seconds: number, n: number, extra = '') => {
    const text = `  ${label.padEnd(62)} ${seconds.toFixed(1).padStart(7)} s ${(n / seconds).toFixed(0).padStart(8)} days/s${extra ? `  ${extra}` : ''}   (load ${load()})`;
    lines.push(text);
    say(text.trim());
  };

  try {
    say(
      `seeding ${PEOPLE.toLocaleString('en')} people × ${WORKDAYS} workdays (${from} … ${to}): punches and pending days (load ${load()})`,
    );
    const seedStart = performance.now();
    const now = new Date();
    const people = raw(ctx.models.people.collection);
    for (let i = 0; i < PEOPLE; i += 1_000)
      await people.insertMany(
        Array.from({ length: Math.min(1_000, PEOPLE - i) }, (_, k) => ({
          _id: person(i + k),
          name: `測試人員${i + k}`,
          agencyId: AGENCY,
          unitId: `U${(i + k) % 40}`,
          unitName: `單位${(i + k) % 40}`,
          scheduleGroup: GROUPS[(i + k) % GROUPS.length],
          status: 'active',
          fetchedAt: now,
        })),
        { ordered: false },
      );
    // The raw punches (as a month's card files store them) and, per person, the pending days the upload leaves.
    const punches = raw(ctx.models.punches.collection);
    const pending = raw(ctx.models.pending.collection);
    let punchBatch: PunchDoc[] = [];
    let pendingBatch: PendingDaysDoc[] = [];
    let punchCount = 0;
    for (let p = 0; p < PEOPLE; p++) {
      const entry: PendingDaysDoc = { _id: `bench-upload|${person(p)}`, personId: person(p), agencyId: AGENCY, days: {}, createdAt: now };
      dates.forEach((date, d) => {
        const i = INS[(p + d) % INS.length];
        const o = OUTS[(p * 7 + d) % OUTS.length];
        const summary: { in?: string; out?: string } = {};
        for (const [time, kind] of [
          [i, '上班'],
          [o, '下班'],
        ] as const) {
          if (!time) continue;
          const at = taipeiInstant(date, time);
          const source = 'reader:R01';
          punchBatch.push({
            _id: `${person(p)}|${at.toISOString()}|${source}`,
            personId: person(p),
            agencyId: AGENCY,
            at,
            date,
            kind,
            channel: 'file',
            source,
            readerId: 'R01',
            uploadId: 'bench-upload',
            recordedAt: now,
          });
          summary[kind === '上班' ? 'in' : 'out'] = at.toISOString();
        }
        entry.days[date] = summary;
      });
      pendingBatch.push(entry);
      if (punchBatch.length >= 2_000) {
        punchCount += punchBatch.length;
        await punches.insertMany(punchBatch.splice(0), { ordered: false });
      }
      if (pendingBatch.length >= 500) await pending.insertMany(pendingBatch.splice(0), { ordered: false });
    }
    punchCount += punchBatch.length;
    if (punchBatch.length) await punches.insertMany(punchBatch, { ordered: false });
    if (pendingBatch.length) await pending.insertMany(pendingBatch, { ordered: false });
    pendingBatch = [];
    punchBatch = [];
    say(
      `seeded ${punchCount.toLocaleString('en')} punches and ${PEOPLE.toLocaleString('en')} pending entries in ${secondsSince(seedStart).toFixed(0)} s`,
    );

    // Baseline 1: read the same entries as the job does and insert day documents of the same shape, computing nothing.
    say(
      `bare: reading the ${PEOPLE.toLocaleString('en')} entries and inserting ${days.toLocaleString('en')} day documents (load ${load()})`,
    );
    // A collection of its own with the same indexes as the days' (FerretDB maintains each on every insert).
    const bareCollection = ctx.models.days.db.collection('bare_days');
    for (const [fields] of ctx.models.days.schema.indexes()) await bareCollection.createIndex(fields as Record<string, 1>);
    const bare = raw(bareCollection);
    const bareStart = performance.now();
    let bareDays: object[] = [];
    let bareCount = 0;
    for await (const entry of ctx.models.pending.find({}).lean<PendingDaysDoc[]>().cursor({ batchSize: 100 })) {
      for (const [date, s] of Object.entries(entry.days)) {
        bareDays.push({
          _id: dayId(entry.personId, date),
          personId: entry.personId,
          agencyId: entry.agencyId,
          date,
          ...(s.in ? { firstIn: new Date(s.in) } : {}),
          ...(s.out ? { lastOut: new Date(s.out) } : {}),
          forms: {},
          unitId: 'U1',
          scheduleGroup: 'office',
          result: { code: 'normal', label: '正常', in: '07:52', out: '17:20' },
          anomaly: false,
          computedAt: now,
        });
        if (bareDays.length >= 1_000) {
          bareCount += bareDays.length;
          await bare.insertMany(bareDays.splice(0), { ordered: false });
        }
      }
    }
    bareCount += bareDays.length;
    if (bareDays.length) await bare.insertMany(bareDays, { ordered: false });
    bareDays = [];
    const bareSeconds = secondsSince(bareStart);
    line('bare: read the entries, insertMany the day documents', bareSeconds, bareCount);

    // 1. The attendance job: the real use case, batched.
    say(`attendance job over the month (load ${load()})`);
    const jobStart = performance.now();
    await attendanceWorker(() => ctx).run();
    const jobSeconds = secondsSince(jobStart);
    const stored = await ctx.models.days.estimatedDocumentCount();
    const left = await ctx.models.pending.estimatedDocumentCount();
    if (stored !== days || left !== 0) throw new Error(`the job left ${stored} days stored and ${left} entries pending`);
    line(
      'attendance job (work-pending-days, batched; every day new)',
      jobSeconds,
      days,
      `ratio ${(bareSeconds / jobSeconds).toFixed(2)} of bare`,
    );

    // 2. The stored month computed again, nothing changed (what a calendar change runs, over the month).
    say(`recomputing the stored month (load ${load()})`);
    const againStart = performance.now();
    const again = await recomputeStoredDays(ctx, { agencyId: AGENCY, from, to });
    const againSeconds = secondsSince(againStart);
    if (again.computed !== days) throw new Error(`recomputed ${again.computed} of ${days} days`);
    line('recompute the stored month (nothing changed)', againSeconds, days, `written ${again.updated}`);

    // 3. Samples: the single-day path, and bare updates of stored days (99 per bulkWrite, as the batched path writes them).
    if (SAMPLE > 0) await samples();
    async function samples() {
      const sample = Array.from({ length: SAMPLE }, (_, i) => ({ personId: person((i * 37) % PEOPLE), date: dates[i % WORKDAYS]! }));
      say(`samples of ${SAMPLE.toLocaleString('en')} days (load ${load()})`);
      const oneStart = performance.now();
      for (const { personId, date } of sample) await computeStoredDay(ctx, personId, date);
      const oneSeconds = secondsSince(oneStart);
      const updateStart = performance.now();
      for (let i = 0; i < sample.length; i += 99)
        await raw(ctx.models.days.collection).bulkWrite(
          sample.slice(i, i + 99).map(({ personId, date }) => ({
            updateOne: { filter: { _id: dayId(personId, date) }, update: { $set: { computedAt: new Date() } } },
          })),
          { ordered: false },
        );
      const updateSeconds = secondsSince(updateStart);
      const extrapolated = (seconds: number) => `→ ${((seconds / SAMPLE) * days).toFixed(0)} s for ${days.toLocaleString('en')} days`;
      line(`single-day path (computeStoredDay), sample of ${SAMPLE}`, oneSeconds, SAMPLE, extrapolated(oneSeconds));
      line(`bare bulkWrite updates of stored days, sample of ${SAMPLE}`, updateSeconds, SAMPLE, extrapolated(updateSeconds));
    }

    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log('');
    console.log(
      `  ${days.toLocaleString('en')} person-days: ${PEOPLE.toLocaleString('en')} people × ${WORKDAYS} workdays (${from} … ${to}), one agency, three schedule groups; ${punchCount.toLocaleString('en')} punches; FerretDB`,
    );
    for (const l of lines) console.log(l);
    console.log(
      `  goal: a month for 20,000 people in ≤ 60 s — attendance job ${jobSeconds.toFixed(1)} s, recompute ${againSeconds.toFixed(1)} s; peak RSS ${peakMb.toFixed(0)} MB (the bench and the service in one process)`,
    );
  } finally {
    await service.runtime.lifecycle.shutdown('bench over');
    await cleanupNamespace({ namespace, consumers: ['punch-card-ingest'], databases: [databaseName('punch-card-ingest', namespace)] });
    await ferret.stop();
  }
}

const raw = (collection: unknown) => collection as RawCollection;

await main();
