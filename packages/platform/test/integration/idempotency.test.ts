import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { cleanupNamespace, suiteNamespace } from '@webitr/testkit';
import { ConflictError } from '../../src/errors.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createRouter } from '../../src/http/paths.ts';
import { IdempotencyStore } from '../../src/http/idempotency.ts';
import { mountOperation } from '../../src/http/operations.ts';
import { listen } from '../../src/http/server.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { databaseName } from '../../src/mongo.ts';
import { logger, openMongo } from '../helpers.ts';

/**
 * The claim's life on the real MongoDB-protocol server: in progress, done,
 * released after a failure, taken over after its owner died, pruned. Two apps
 * share the store's collection, as two processes of a service would.
 */
describe('Idempotency-Key store (integration)', function () {
  this.timeout(30_000);
  const namespace = suiteNamespace('idempotency');
  const dbName = databaseName('platform-test', namespace);
  const leaseMs = 60_000;
  let mongo: Connection;
  let now = new Date('2024-08-01T09:00:00+08:00');
  let store: IdempotencyStore;
  let servers: RunningServer[] = [];
  /** What the handler does on its next calls, in order; then it answers at once. */
  let script: (() => Promise<void>)[] = [];
  let runs = 0;

  const operation = {
    operationId: 'createThing',
    access: 'app',
    method: 'post',
    path: '/things',
    summary: 'a create',
    body: z.object({ name: z.string() }),
    response: { status: 201, description: 'created' },
    idempotent: true,
  } as const;

  async function serve(): Promise<string> {
    const app = createHttpApp({
      service: 'platform-test',
      logger,
      readiness: [],
      idempotency: store,
      routes: (app) => {
        // Stands in for the verified assertion.
        app.use((req, res, next) => {
          res.locals.identity = { kind: 'person', sub: String(req.headers['x-test-person']), agencyId: 'A01', roles: [], zone: 'intranet' };
          next();
        });
        const router = createRouter();
        mountOperation(router, operation, async ({ body }) => {
          runs += 1;
          const n = runs;
          await script.shift()?.();
          return { name: body.name, run: n };
        });
        app.use(router);
      },
    });
    const server = await listen(app, 0);
    servers.push(server);
    return server.url;
  }

  const post = async (url: string, key: string, name = 'a', person = 'p1') => {
    const res = await fetch(`${url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-test-person': person },
      body: JSON.stringify({ name }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as { run?: number; code?: string } };
  };

  before(async () => {
    mongo = await openMongo(dbName);
    store = new IdempotencyStore(mongo, { logger, leaseMs, now: () => now });
    await mongo.syncIndexes();
  });
  beforeEach(() => {
    runs = 0;
    script = [];
  });
  after(async () => {
    for (const server of servers) await server.close(1_000);
    servers = [];
    await mongo.close();
    await cleanupNamespace({ namespace, databases: [dbName] });
  });

  it('tells a retry arriving while the first runs to wait (409, Retry-After), then answers it the first result', async () => {
    const url = await serve();
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    script = [() => (started(), new Promise<void>((resolve) => (release = resolve)))];
    const first = post(url, 'key-in-progress');
    await running;
    const busy = await post(url, 'key-in-progress');
    expect(busy.status).to.equal(409);
    expect(busy.body.code).to.equal('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(busy.headers.get('retry-after')).to.equal('1');
    release();
    expect((await first).status).to.equal(201);
    const replay = await post(url, 'key-in-progress');
    expect(replay).to.deep.include({ status: 201, body: { name: 'a', run: 1 } });
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    expect(runs).to.equal(1);
  });

  it('lets a retry run the work again after a failed attempt', async () => {
    const url = await serve();
    script = [
      async () => {
        throw new ConflictError({ code: 'NOT_YET' });
      },
    ];
    expect((await post(url, 'key-failed')).body.code).to.equal('NOT_YET');
    const retry = await post(url, 'key-failed');
    expect(retry).to.deep.include({ status: 201, body: { name: 'a', run: 2 } });
    expect(retry.headers.get('idempotent-replayed')).to.equal(null);
  });

  it('takes over a claim whose owner stopped renewing it once its lease has passed', async () => {
    const [deadProcess, liveProcess] = [await serve(), await serve()];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    // The first process never finishes: it stands for one killed mid-request.
    script = [() => (started(), new Promise<void>(() => undefined))];
    void post(deadProcess, 'key-orphaned').catch(() => undefined);
    await running;
    expect((await post(liveProcess, 'key-orphaned')).status).to.equal(409);
    now = new Date(now.getTime() + leaseMs + 1);
    const takenOver = await post(liveProcess, 'key-orphaned');
    expect(takenOver).to.deep.include({ status: 201, body: { name: 'a', run: 2 } });
    expect((await post(liveProcess, 'key-orphaned')).body).to.deep.equal({ name: 'a', run: 2 });
  });

  it('refuses the key for another request (422) and keeps people and operations apart', async () => {
    const url = await serve();
    expect((await post(url, 'key-shared', 'a', 'p1')).status).to.equal(201);
    const reused = await post(url, 'key-shared', 'b', 'p1');
    expect(reused.status).to.equal(422);
    expect(reused.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    const someoneElse = await post(url, 'key-shared', 'b', 'p2');
    expect(someoneElse).to.deep.include({ status: 201, body: { name: 'b', run: 2 } });
  });

  it('prunes finished claims past their retention', async () => {
    const url = await serve();
    expect((await post(url, 'key-pruned')).status).to.equal(201);
    now = new Date(now.getTime() + store.retainMs + 1);
    expect(await store.prune()).to.be.greaterThanOrEqual(1);
    expect(await post(url, 'key-pruned')).to.deep.include({ status: 201, body: { name: 'a', run: 2 } });
  });

  it('prunes an unfinished claim whose owner died and that no retry took over, once past retention', async () => {
    const claims = mongo.db!.collection<{ _id: string }>('idempotency_keys');
    await claims.insertOne({ _id: 'abandoned-claim', state: 'in-progress', token: 't', leaseUntil: now, createdAt: now } as never);
    now = new Date(now.getTime() + store.retainMs + 1);
    await store.prune();
    expect(await claims.countDocuments({ _id: 'abandoned-claim' })).to.equal(0);
  });
});
