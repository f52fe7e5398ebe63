// Ingest benchmark (issue 15): a generated 1,000,000-line card file uploaded
// through the real upload path (the service's HTTP route, streamed), beside a
// bare insertMany loop writing the same documents to the same database in
// the same run. Real FerretDB (or MONGODB_URI), RabbitMQ and Redis. The
// directory is replaced by an in-memory card table (the bench measures the
// ingest, not the directory). Peak RSS is this process's (service and bench
// together: an upper bound for the service). `BENCH_LINES` changes the size.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { AssertionSigner, ASSERTION_HEADER, databaseName, loadConfig } from '@webitr/platform';
import { cleanupNamespace, suiteNamespace, testAssertionKeys, testServiceConfig } from '@webitr/testkit';
import { configSchema } from '../services/punch-card-ingest/src/config.ts';
import { start } from '../services/punch-card-ingest/src/service.ts';
import { ensureFerretDb, ensureRabbitMQ, ensureRedis } from './lib/infra.ts';

const LINES = Number(process.env['BENCH_LINES'] ?? 1_000_000);
const PEOPLE = 2_500;
const PUNCHES_A_DAY = 4;
const DAYS = Math.ceil(LINES / PEOPLE / PUNCHES_A_DAY);
const AGENCY = 'BENCH-AGENCY';
const TIMES = ['0748', '1201', '1314', '1712'];

const card = (i: number) => `00${String(i).padStart(8, '0')}`;

async function main(): Promise<void> {
  const [, ferret] = await Promise.all([ensureRabbitMQ(), ensureFerretDb(), ensureRedis()]);
  process.env['MONGODB_URI'] = ferret.uri;
  const namespace = suiteNamespace('bench-ingest');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
  const file = path.join(dir, 'card.txt');
  const now = new Date();
  const dates: string[] = [];
  for (let d = DAYS; d >= 1; d--) dates.push(new Date(now.getTime() - d * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10));

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

  const holders = new Map(Array.from({ length: PEOPLE }, (_, i) => [card(i), `P${i}`]));
  const env = await testServiceConfig(namespace, { ATTENDANCE_INTERVAL_MS: '3600000' });
  const service = await start(loadConfig(configSchema, env), {
    directory: {
      findPeopleByCards: async ({ body }) => ({
        items: body.cardNumbers.flatMap((c) =>
          holders.has(c) ? [{ cardNumber: c, personId: holders.get(c)!, status: 'active' as const }] : [],
        ),
      }),
      getPersonSummary: () => Promise.reject(new Error('not in the bench')),
      listAgencyPeople: () => Promise.reject(new Error('not in the bench')),
    },
  });
  const { ctx } = service;
  await ctx.models.profiles.create({
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

  try {
    // Bare: the same documents, built without parsing, insertMany of 2,000 at a time into a collection of their own.
    const bare = ctx.models.punches.db.collection('bare_punches') as unknown as {
      insertMany(docs: object[], o: { ordered: false }): Promise<unknown>;
    };
    const bareStart = performance.now();
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
    const bareSeconds = (performance.now() - bareStart) / 1000;

    // Through the upload route, streamed from disk, with a signed attendance manager's assertion.
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
    const uploadStart = performance.now();
    const res = await fetch(`${service.url}/agencies/${AGENCY}/card-files?profile=machine&filename=card.txt`, {
      method: 'POST',
      headers: { [ASSERTION_HEADER]: token, 'content-type': 'text/plain' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const report = (await res.json()) as { lines: number; stored: number; refused: Record<string, number> };
    const uploadSeconds = (performance.now() - uploadStart) / 1000;
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(report)}`);
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const bareRate = LINES / bareSeconds;
    const uploadRate = report.lines / uploadSeconds;
    console.log('');
    console.log(`  ${LINES.toLocaleString('en')} lines (${PEOPLE} people × ${DAYS} days × ${PUNCHES_A_DAY} punches), FerretDB`);
    console.log(`  bare insertMany loop   ${bareSeconds.toFixed(1).padStart(7)} s  ${bareRate.toFixed(0).padStart(8)} lines/s`);
    console.log(
      `  upload (HTTP, stream)  ${uploadSeconds.toFixed(1).padStart(7)} s  ${uploadRate.toFixed(0).padStart(8)} lines/s  stored ${report.stored}, refused ${JSON.stringify(report.refused)}`,
    );
    console.log(`  ratio ${(uploadRate / bareRate).toFixed(2)} of bare (goal ≥ 0.8); peak RSS ${peakMb.toFixed(0)} MB (goal ≤ 256 MB)`);
  } finally {
    await service.runtime.lifecycle.shutdown('bench over');
    await cleanupNamespace({ namespace, consumers: ['punch-card-ingest'], databases: [databaseName('punch-card-ingest', namespace)] });
    await rm(dir, { recursive: true, force: true });
    await ferret.stop();
  }
}

await main();
