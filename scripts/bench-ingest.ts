// Ingest benchmark (issue 15): a generated 1,000,000-line card file uploaded
// through the real upload path (the service's HTTP route, streamed), beside a
// bare insertMany loop writing the same documents, into a collection with the
// punches' indexes, to the same database in the same run. Real FerretDB (or
// MONGODB_URI), RabbitMQ and Redis. The service runs alone in a child process
// (scripts/bench/ingest-service.ts), whose peak RSS it reports: through the
// upload, and once the attendance job has computed the days the upload left
// (timed too). It runs twice, each time on a database of its own: with the
// heap budget npm start and the manifests give it (scripts/lib/system.ts
// HEAP_BUDGETS), then with V8's defaults, so what the budget buys and costs is
// printed side by side. The directory is an in-memory card table in that
// process (the bench measures the ingest, not the directory). `BENCH_LINES`
// changes the size.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import mongoose from 'mongoose';
import { AssertionSigner, ASSERTION_HEADER, databaseName } from '@webitr/platform';
import { cleanupNamespace, suiteNamespace, testAssertionKeys, testServiceConfig } from '@webitr/testkit';
import { ensureFerretDb, ensureRabbitMQ, ensureRedis, ROOT } from './lib/infra.ts';
import { HEAP_BUDGETS } from './lib/system.ts';
import { punchModel } from '../services/punch-card-ingest/src/models/punch.ts';

const LINES = Number(process.env['BENCH_LINES'] ?? 1_000_000);
const PEOPLE = 2_500;
const PUNCHES_A_DAY = 4;
const DAYS = Math.ceil(LINES / PEOPLE / PUNCHES_A_DAY);
const AGENCY = 'BENCH-AGENCY';
const TIMES = ['0748', '1201', '1314', '1712'];

const card = (i: number) => `00${String(i).padStart(8, '0')}`;

/** The card-file profile of the generated file, stored as an attendance manager would. */
const profile = (now: Date) => ({
  _id: `${AGENCY}|machine`,
  agencyId: AGENCY,
  profileId: 'machine',
  name: 'bench',
  layout: {
    format: 'fixed',
    encoding: 'auto',
    dateFormat: 'yyyyMMdd',
    fields: {
      cardNumber: { start: 1, length: 10 },
      date: { start: 12, length: 8 },
      time: { start: 21, length: 4 },
      readerId: { start: 26, length: 3 },
      inOut: { start: 30, length: 1 },
    },
    inOutCodes: { '0': '外出', '1': '上班', '2': '下班' },
  },
  updatedBy: 'bench',
  updatedAt: now,
});

interface UploadRun {
  label: string;
  seconds: number;
  report: { lines: number; stored: number; refused: Record<string, number> };
  uploadMb: number;
  /** The service's CPU time through the upload. */
  cpuSeconds: number;
  jobMb: number;
  jobSeconds: number;
}

/**
 * The service in a process of its own (Node started with `nodeOptions`) on a
 * database of its own: the file uploaded through its route, then the
 * attendance job left to compute the days.
 */
async function uploadThrough(ferretUri: string, file: string, label: string, nodeOptions: readonly string[]): Promise<UploadRun> {
  const namespace = suiteNamespace('bench-ingest');
  const env = await testServiceConfig(namespace, {
    ATTENDANCE_INTERVAL_MS: '3600000',
    BENCH_PEOPLE: String(PEOPLE),
    BENCH_AGENCY: AGENCY,
  });
  const child: ChildProcess = fork(path.join(ROOT, 'scripts/bench/ingest-service.ts'), [], {
    env,
    execArgv: [...process.execArgv, ...nodeOptions],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Record<string, unknown>[] = [];
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  child.on('message', (m: Record<string, unknown>) => (waiting.length ? waiting.shift()!(m) : messages.push(m)));
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => (messages.length ? resolve(messages.shift()!) : waiting.push(resolve)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const database = databaseName('punch-card-ingest', namespace);
  const connection = await mongoose.createConnection(ferretUri, { dbName: database, maxPoolSize: 1 }).asPromise();
  try {
    const serviceUrl = (await next())['ready'] as string;
    child.send('rss');
    const cpuAtStart = (await next())['cpu'] as number;
    await connection.collection('card_file_profiles').insertOne(profile(new Date()) as object);
    // A signed attendance manager's assertion, as the gateway sends it.
    const signer = new AssertionSigner('gateway', (await testAssertionKeys()).privateJwk);
    const token = await signer.sign(
      {
        kind: 'person',
        sub: 'bench-manager',
        agencyId: AGENCY,
        roles: [{ role: 'attendance-manager', agencyId: AGENCY }],
        zone: 'intranet',
        rid: 'bench',
        cid: 'bench',
      },
      'punch-card-ingest',
    );
    console.log(`[bench] upload, ${label}`);
    const started = performance.now();
    const res = await fetch(`${serviceUrl}/agencies/${AGENCY}/card-files?profile=machine&filename=card.txt`, {
      method: 'POST',
      headers: { [ASSERTION_HEADER]: token, 'content-type': 'text/plain' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const report = (await res.json()) as UploadRun['report'];
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(report)}`);
    child.send('rss');
    const afterUpload = await next();
    const uploadMb = afterUpload['rss'] as number;
    const cpuSeconds = (afterUpload['cpu'] as number) - cpuAtStart;
    // The days the upload left, computed by the attendance job its end kicked (batched).
    child.send('job');
    const job = await next();
    return { label, seconds, report, uploadMb, cpuSeconds, jobMb: job['rss'] as number, jobSeconds: job['job'] as number };
  } finally {
    if (child.connected) child.send('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await connection.close();
    await cleanupNamespace({ namespace, consumers: ['punch-card-ingest'], databases: [database] });
  }
}

/** The same documents as the upload stores, built without parsing, insertMany of 2,000 at a time. */
async function bareInsert(ferretUri: string, dates: string[], now: Date): Promise<number> {
  const namespace = suiteNamespace('bench-ingest-bare');
  const database = databaseName('punch-card-ingest', namespace);
  const connection = await mongoose.createConnection(ferretUri, { dbName: database, maxPoolSize: 1 }).asPromise();
  try {
    const bare = connection.collection('bare_punches') as unknown as {
      insertMany(docs: object[], o: { ordered: false }): Promise<unknown>;
      createIndex(fields: Record<string, 1>): Promise<unknown>;
    };
    // The indexes the punches' collection has (FerretDB maintains each on every insert): the same documents in the same shape of collection.
    for (const [fields] of punchModel(connection).schema.indexes()) await bare.createIndex(fields as Record<string, 1>);
    console.log('[bench] bare insertMany loop');
    const started = performance.now();
    let batch: object[] = [];
    let n = 0;
    for (const date of dates) {
      for (let p = 0; p < PEOPLE && n < LINES; p++) {
        for (let k = 0; k < PUNCHES_A_DAY && n < LINES; k++, n++) {
          const t = TIMES[k]!;
          const at = new Date(`${date}T${t.slice(0, 2)}:${t.slice(2)}:00+08:00`);
          batch.push({
            _id: `P${p}|${at.toISOString()}|reader:R01`,
            personId: `P${p}`,
            agencyId: AGENCY,
            at,
            date,
            kind: k === 0 ? '上班' : k === 3 ? '下班' : '外出',
            channel: 'file',
            source: 'reader:R01',
            readerId: 'R01',
            cardNumber: card(p),
            uploadId: 'bare',
            recordedAt: now,
          });
          if (batch.length === 2_000) {
            await bare.insertMany(batch, { ordered: false });
            batch = [];
          }
        }
      }
    }
    if (batch.length) await bare.insertMany(batch, { ordered: false });
    return (performance.now() - started) / 1000;
  } finally {
    await connection.close();
    await cleanupNamespace({ namespace, consumers: [], databases: [database] });
  }
}

async function main(): Promise<void> {
  const [, ferret] = await Promise.all([ensureRabbitMQ(), ensureFerretDb(), ensureRedis()]);
  process.env['MONGODB_URI'] = ferret.uri;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
  const file = path.join(dir, 'card.txt');
  const now = new Date();
  const dates: string[] = [];
  for (let d = DAYS; d >= 1; d--) dates.push(new Date(now.getTime() - d * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10));

  try {
    // The file: fixed-width, LF, as a machine writes it; generated to disk, never held in memory.
    const out = createWriteStream(file);
    let written = 0;
    for (const date of dates) {
      for (let p = 0; p < PEOPLE && written < LINES; p++) {
        let chunk = '';
        for (let k = 0; k < PUNCHES_A_DAY && written < LINES; k++, written++)
          chunk += `${card(p)} ${date.replaceAll('-', '')} ${TIMES[k]} R01 ${k === 0 ? 1 : k === 3 ? 2 : 0}\n`;
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');

    const bareSeconds = await bareInsert(ferret.uri, dates, now);
    const budget = HEAP_BUDGETS['punch-card-ingest'] ?? [];
    const runs = [
      await uploadThrough(ferret.uri, file, `as deployed (${budget.join(' ')})`, budget),
      await uploadThrough(ferret.uri, file, "V8's defaults", []),
    ];
    const bareRate = LINES / bareSeconds;
    const benchMb = process.resourceUsage().maxRSS / 1024;
    console.log('');
    console.log(`  ${LINES.toLocaleString('en')} lines (${PEOPLE} people × ${DAYS} days × ${PUNCHES_A_DAY} punches), FerretDB`);
    console.log(`  bare insertMany loop ${bareSeconds.toFixed(1).padStart(7)} s  ${bareRate.toFixed(0).padStart(8)} lines/s`);
    for (const run of runs) {
      const rate = run.report.lines / run.seconds;
      console.log(`  upload (HTTP, streamed), service ${run.label}`);
      console.log(
        `    ${run.seconds.toFixed(1).padStart(7)} s  ${rate.toFixed(0).padStart(8)} lines/s  ratio ${(rate / bareRate).toFixed(2)} of bare (goal ≥ 0.8)  service CPU ${((run.cpuSeconds / run.report.lines) * 1e6).toFixed(1)} µs/line  stored ${run.report.stored}, refused ${JSON.stringify(run.report.refused)}`,
      );
      console.log(
        `    service peak RSS ${run.uploadMb.toFixed(0)} MB through the upload, ${run.jobMb.toFixed(0)} MB once the attendance job had computed the days (goal ≤ 256 MB); job done ${run.jobSeconds.toFixed(1)} s after the upload's answer`,
      );
    }
    console.log(`  the bench's own process ${benchMb.toFixed(0)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await ferret.stop();
  }
}

await main();
