// `npm run bench:outbox`: how fast the outboxes drain after a broker outage.
// Real RabbitMQ and FerretDB (or MONGODB_URI); the relay reaches the broker
// through the testkit's TCP proxy, which the benchmark stops for the outage.
// Each line, one after the other in the same run:
//   1. a collection shaped like leave's forms holds BENCH_FILLER documents whose
//      events were published long ago (the relay's scans read them too);
//   2. the broker is cut; BENCH_EVENTS events are written one document at a
//      time (BENCH_EVENTS_PER_DOC each, like a burst of submissions), each
//      write kicking the relay as the services do;
//   3. after BENCH_OUTAGE_SECONDS the proxy is started again, and the clock
//      runs until a consumer of a quorum queue bound to every event has seen
//      every event id (published = routed and confirmed), then (candidate)
//      until the relay's run has removed them all from the outboxes.
// Lines: `baseline` is the relay and broker settings before issue 11 (the old
// algorithm, scripts/bench/legacy-outbox-relay.ts, and a 30 s reconnect
// back-off ceiling); `candidate` is the platform's OutboxRelay and Broker as
// they are. The baseline is cut off after BENCH_BASELINE_LIMIT_SECONDS.
// Not a test.
//
// Env: BENCH_EVENTS (1000), BENCH_EVENTS_PER_DOC (1), BENCH_FILLER (2000),
// BENCH_OUTAGE_SECONDS (20), BENCH_BASELINE_LIMIT_SECONDS (120), BENCH_LINES
// (baseline,candidate).
import { randomBytes } from 'node:crypto';
import amqplib from 'amqplib';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import {
  Broker,
  connectMongo,
  createEvent,
  createLogger,
  databaseName,
  outboxOnCreate,
  outboxSchemaFields,
  OutboxRelay,
} from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import { hostPort, TcpProxy, withPort } from '@webitr/testkit';
import { LegacyOutboxRelay } from './bench/legacy-outbox-relay.ts';
import { DEFAULT_AMQP_URL, ensureFerretDb, ensureRabbitMQ } from './lib/infra.ts';

const events = Number(process.env['BENCH_EVENTS'] ?? 1000);
const perDocument = Math.max(1, Number(process.env['BENCH_EVENTS_PER_DOC'] ?? 1));
const filler = Number(process.env['BENCH_FILLER'] ?? 2000);
const outageSeconds = Number(process.env['BENCH_OUTAGE_SECONDS'] ?? 20);
const baselineLimitSeconds = Number(process.env['BENCH_BASELINE_LIMIT_SECONDS'] ?? 120);
const lines = (process.env['BENCH_LINES'] ?? 'baseline,candidate').split(',').map((l) => l.trim()) as ('baseline' | 'candidate')[];
const say = (message: string) => console.log(`[bench] ${message}`);
const logger = createLogger({ service: 'bench-outbox', level: (process.env['LOG_LEVEL'] ?? 'error') as 'error' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface BenchForm extends OutboxFields {
  _id: string;
  applicantId: string;
  status: string;
  reason: string;
  history: { at: Date; action: string; actorId: string }[];
}

/** Roughly the size of a leave form (~1.5 KB without its outbox). */
const form = (id: string, outbox: Partial<OutboxFields> = {}) => ({
  _id: id,
  applicantId: `P${id.slice(-4)}`,
  status: 'in-approval',
  reason: '家中有事需要處理，'.repeat(40),
  history: [{ at: new Date(), action: 'submit', actorId: 'bench' }],
  ...outbox,
});

interface Result {
  line: string;
  published: number;
  /** Broker back (proxy listening) → the relay's connection is up again. */
  reconnectMs?: number;
  /** Broker back → every event seen by the consumer. */
  allPublishedMs?: number;
  /** Broker back → every outbox empty. */
  clearedMs?: number;
  /** Broker back → the limit, when not everything was published. */
  cutOffMs?: number;
  /** Events published after the broker came back, per second from its return to the last of them (or to the cut-off). */
  rate: number;
}

async function runLine(line: 'baseline' | 'candidate', mongoUri: string, amqpUrl: string): Promise<Result> {
  const namespace = `bench-outbox-${randomBytes(3).toString('hex')}`;
  const dbName = databaseName('bench-outbox', namespace);
  const mongo: Connection = await connectMongo(mongoUri, dbName, logger);
  const Forms: Model<BenchForm> = mongo.model<BenchForm>(
    'Form',
    new Schema<BenchForm>(
      {
        _id: String,
        applicantId: String,
        status: String,
        reason: String,
        history: [{ _id: false, at: Date, action: String, actorId: String }],
        ...outboxSchemaFields,
      },
      { versionKey: false },
    ),
  );
  await Forms.createIndexes();
  if (process.env['BENCH_DEBUG'])
    mongo.set('debug', (c: string, m: string, q: unknown) => console.log(new Date().toISOString(), c, m, JSON.stringify(q).slice(0, 120)));
  for (let i = 0; i < filler; i += 50)
    await Forms.insertMany(Array.from({ length: Math.min(50, filler - i) }, (_, j) => form(`old-${i + j}`)));

  const proxy = new TcpProxy(hostPort(amqpUrl, 5672));
  await proxy.start();
  const broker = new Broker({
    url: withPort(amqpUrl, proxy.port),
    namespace,
    service: 'bench-outbox',
    logger,
    ...(line === 'baseline' ? { maxReconnectDelayMs: 30_000 } : {}),
  });
  const relay =
    line === 'baseline' ? new LegacyOutboxRelay({ broker, models: [Forms], logger }) : new OutboxRelay({ broker, models: [Forms], logger });

  // The consumer side, straight to RabbitMQ: a quorum queue bound to every event, as the services' queues are.
  const sinkConnection = await amqplib.connect(amqpUrl);
  const sink = await sinkConnection.createChannel();
  const queue = `${namespace}.bench-sink`;
  await sink.assertExchange(broker.topology.eventsExchange, 'topic', { durable: true });
  await sink.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await sink.bindQueue(queue, broker.topology.eventsExchange, '#');
  const seen = new Set<string>();
  const seenAt: number[] = [];
  await sink.consume(
    queue,
    (m) => {
      if (!m) return;
      const id = String(m.properties.messageId);
      if (!seen.has(id)) {
        seen.add(id);
        seenAt.push(Date.now());
      }
    },
    { noAck: true },
  );
  const connected = { at: 0 };
  broker.connection.on('connect', () => (connected.at = Date.now()));

  try {
    relay.start();
    await waitUntil(() => broker.isConnected, 10_000);
    say(
      `${line}: ${filler} published documents in the collection; cutting the broker for ${outageSeconds} s and writing ${events} events (${perDocument} per document)`,
    );
    const cutAt = Date.now();
    await proxy.stop();
    for (let d = 0; d * perDocument < events; d++) {
      const batch = Array.from({ length: Math.min(perDocument, events - d * perDocument) }, () =>
        createEvent(
          'directory.entitlement.granted',
          { personId: `P${d}`, agencyId: 'A01', app: 'webitr', actorId: 'bench' },
          'bench-outbox',
        ),
      );
      await Forms.create(form(`new-${d}`, outboxOnCreate(batch)));
      relay.kick();
    }
    const written = Date.now() - cutAt;
    if (written > outageSeconds * 1000) say(`${line}: writing took ${(written / 1000).toFixed(1)} s, longer than the outage`);
    await sleep(Math.max(0, outageSeconds * 1000 - written));
    const backAt = Date.now();
    connected.at = 0;
    await proxy.start();
    say(`${line}: broker back`);

    const limit = line === 'baseline' ? baselineLimitSeconds * 1000 : 600_000;
    let lastReport = Date.now();
    while (seen.size < events && Date.now() - backAt < limit) {
      await sleep(50);
      if (Date.now() - lastReport > 10_000) {
        say(`${line}: ${seen.size}/${events} published after ${((Date.now() - backAt) / 1000).toFixed(0)} s`);
        lastReport = Date.now();
      }
    }
    const done = seen.size >= events;
    const allPublishedAt = done ? seenAt[events - 1]! : undefined;
    const afterBack = seenAt.filter((t) => t >= backAt);
    // Events published after the broker's return ÷ the time from its return to the last of them (or to the cut-off).
    const span = ((done ? afterBack.at(-1)! : Date.now()) - backAt) / 1000;
    const result: Result = {
      line,
      published: seen.size,
      ...(connected.at ? { reconnectMs: connected.at - backAt } : {}),
      ...(allPublishedAt ? { allPublishedMs: allPublishedAt - backAt } : { cutOffMs: Date.now() - backAt }),
      rate: span > 0 ? afterBack.length / span : 0,
    };
    if (done && relay instanceof OutboxRelay) {
      // Joins the run in progress (its removals included) rather than scanning the collection meanwhile.
      await relay.drain();
      if ((await Forms.countDocuments({ outboxCount: { $gt: 0 } })) === 0) result.clearedMs = Date.now() - backAt;
    }
    return result;
  } finally {
    if (relay instanceof LegacyOutboxRelay) relay.halt();
    else await relay.stop().catch(() => undefined);
    await sink.deleteQueue(queue).catch(() => undefined);
    await sink.deleteExchange(broker.topology.eventsExchange).catch(() => undefined);
    await sinkConnection.close();
    await broker.close().catch(() => undefined);
    await proxy.stop();
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`no result within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

async function main(): Promise<void> {
  const [, ferret] = await Promise.all([ensureRabbitMQ(), ensureFerretDb()]);
  const amqpUrl = process.env['AMQP_URL'] || DEFAULT_AMQP_URL;
  const results: Result[] = [];
  try {
    for (const line of lines) results.push(await runLine(line, ferret.uri, amqpUrl));
  } finally {
    await ferret.stop();
  }
  const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
  const out = [
    '',
    `  ${events} events (${perDocument} per document) written while RabbitMQ was cut for ${outageSeconds} s, beside ${filler} published documents; times from the broker's return`,
    `  ${'line'.padEnd(10)} ${'reconnected'.padStart(12)} ${'all published'.padStart(14)} ${'outboxes empty'.padStart(15)} ${'drain rate'.padStart(14)}`,
    ...results.map(
      (r) =>
        `  ${r.line.padEnd(10)} ${s(r.reconnectMs).padStart(12)} ${(r.allPublishedMs !== undefined ? s(r.allPublishedMs) : `${r.published}/${events} in ${s(r.cutOffMs)}`).padStart(14)} ${s(r.clearedMs).padStart(15)} ${`${r.rate.toFixed(0)} events/s`.padStart(14)}`,
    ),
  ];
  const candidate = results.find((r) => r.line === 'candidate');
  if (candidate)
    out.push(
      `  goal: ${events} events published within 10 s of the broker's return — ${candidate.allPublishedMs !== undefined && candidate.allPublishedMs <= 10_000 ? 'met' : 'not met'} (candidate ${s(candidate.allPublishedMs)})`,
    );
  console.log([...out, ''].join('\n'));
}

await main();
