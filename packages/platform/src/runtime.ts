import type { Express } from 'express';
import type { Connection, Model } from 'mongoose';
import type { z } from 'zod';
import { createOpenApiDocument } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import { baseConfigShape } from './config.ts';
import { createHttpApp } from './http/app.ts';
import type { ReadinessCheck } from './http/health.ts';
import { IdempotencyStore } from './http/idempotency.ts';
import { httpDrainMs, listen } from './http/server.ts';
import type { RunningServer } from './http/server.ts';
import { Lifecycle } from './lifecycle.ts';
import { AssertionSigner, AssertionVerifier } from './auth/assertion.ts';
import { requireAssertion, serviceOnly } from './auth/middleware.ts';
import { createLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { Broker } from './messaging/broker.ts';
import { EventConsumer } from './messaging/consumer.ts';
import type { Subscription } from './messaging/consumer.ts';
import { Inbox } from './messaging/inbox.ts';
import { connectMongo, databaseName, ensureIndexes, openInsertLane, pingMongo } from './mongo.ts';
import { OutboxRelay } from './outbox/relay.ts';
import { createRedis, pingRedis, redisReady, redisTargetOf } from './redis.ts';
import { METRIC, Metrics } from './telemetry/metrics.ts';
import { StoreLease } from './mongo/lease.ts';
import type { Redis } from './redis.ts';
import { sleep } from './messaging/broker.ts';

const IDEMPOTENCY_PRUNE_EVERY_MS = 3_600_000;
/** A start-up step's lease (oneAtATime): an instance that dies in one holds the others back for two terms at most. */
const ONE_AT_A_TIME_TERM_MS = 15_000;
/** The shortest term of a job's lease: a holder that dies hands its jobs over within two terms. */
const JOB_LEASE_MIN_TERM_MS = 10_000;
/** Where a service documents its internal operations, for other services. */
export const INTERNAL_OPENAPI_PATH = '/internal/openapi.json';

// As zod reads the shape: a variable that may be unset (HOST, the Redis Sentinel ones) is an optional property.
export type BaseConfig = z.infer<z.ZodObject<typeof baseConfigShape>>;

/** Timed work of a process beside its requests and events (reminders, reconciliation, expiry, pruning). */
export interface Job {
  /** Names it in the logs and in the shutdown sequence. */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  /** Logged with the error when a run fails; the next run tries again. */
  failure?: string;
  /**
   * Run once more at shutdown, after requests and events have stopped, so
   * what they left is done before the connections close (the change journal);
   * such a job stops with the outbox rather than before the consumer.
   */
  finalRun?: boolean;
}

/**
 * What every service process holds: its config, logger, connections and
 * shutdown sequence. Services get one through `defineService` (service.ts),
 * which calls these steps in one order; the gateway assembles its own.
 */
export class ServiceRuntime<C extends BaseConfig = BaseConfig> {
  readonly service: string;
  readonly config: C;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly mongo: Connection;
  /** For inserts of unique `_id`s that must not queue behind `mongo`'s long work (see openInsertLane); `mongo` itself on MongoDB. */
  readonly insertLane: Connection;
  readonly redis: Redis;
  readonly broker: Broker;
  /** Signs this service's calls to other services. */
  readonly signer: AssertionSigner;
  /** Verifies who calls this service (the gateway for people, other services for internal APIs). */
  readonly verifier: AssertionVerifier;
  /** Claims and first answers of requests with an Idempotency-Key (operations marked `idempotent`). */
  readonly idempotency: IdempotencyStore;
  /** This process's metrics, served at `/metrics` (the gateway serves them on a port of their own). */
  readonly metrics: Metrics;
  readonly #jobRuns;
  #http: RunningServer | undefined;

  private constructor(init: {
    service: string;
    config: C;
    logger: Logger;
    mongo: Connection;
    insertLane: Connection;
    redis: Redis;
    broker: Broker;
  }) {
    this.service = init.service;
    this.config = init.config;
    this.logger = init.logger;
    this.mongo = init.mongo;
    this.insertLane = init.insertLane;
    this.redis = init.redis;
    this.broker = init.broker;
    this.signer = new AssertionSigner(init.service, init.config.ASSERTION_PRIVATE_KEY);
    this.verifier = new AssertionVerifier(init.service, init.config.ASSERTION_TRUSTED_KEYS);
    this.lifecycle = new Lifecycle(init.logger, init.config.SHUTDOWN_TIMEOUT_MS);
    this.metrics = new Metrics(init.service);
    this.#jobRuns = this.metrics.counter(METRIC.jobRuns, 'Runs of the timed jobs this instance started (one instance holds each job)', [
      'job',
    ]);
    // Registered here so that ensureIndexes builds its index with the service's models.
    this.idempotency = new IdempotencyStore(init.mongo, { logger: init.logger });
    this.lifecycle.onShutdown('disconnect', 'rabbitmq', () => this.broker.close());
    this.lifecycle.onShutdown('disconnect', 'redis', () => this.redis.quit());
    this.lifecycle.onShutdown('disconnect', 'mongodb', async () => {
      if (this.insertLane !== this.mongo) await this.insertLane.close();
      await this.mongo.close();
    });
  }

  static async start<C extends BaseConfig>(
    service: string,
    config: C,
    logger = createLogger({ service, level: config.LOG_LEVEL }),
  ): Promise<ServiceRuntime<C>> {
    const dbName = databaseName(service, config.WEBITR_NAMESPACE);
    const mongo = await connectMongo(config.MONGODB_URI, dbName, logger);
    const insertLane = await openInsertLane(mongo, config.MONGODB_URI, dbName, logger);
    const redis = createRedis(redisTargetOf(config), config.WEBITR_NAMESPACE, logger);
    if (!(await redisReady(redis)))
      logger.warn({ module: 'redis' }, 'Redis is not reachable yet; starting anyway, commands fail until it is');
    const broker = new Broker({ url: config.AMQP_URL, namespace: config.WEBITR_NAMESPACE, service, logger });
    return new ServiceRuntime({ service, config, logger, mongo, insertLane, redis, broker });
  }

  /** MongoDB, RabbitMQ and Redis, as /readyz reports them. */
  get readiness(): ReadinessCheck[] {
    return [
      { name: 'mongodb', check: () => pingMongo(this.mongo) },
      { name: 'rabbitmq', check: () => this.broker.ping() },
      { name: 'redis', check: () => pingRedis(this.redis) },
    ];
  }

  /**
   * Build the models' indexes (the unique ones are the data model's
   * guarantees), one instance at a time (see oneAtATime).
   */
  ensureIndexes(): Promise<void> {
    return this.oneAtATime('ensure-indexes', () => ensureIndexes(this.mongo));
  }

  /**
   * Run `work` while no other instance of the service runs work of the same
   * name: under the store lease `once:<name>`, waited for while another holds
   * it (renewed through a long run, released at the end). Start-up steps that
   * are idempotent one after another but race when run at once — seeding the
   * demo data and the shipped calendars, whose upserts collide on a unique
   * key when two instances start together — go through it.
   */
  async oneAtATime<T>(name: string, work: () => Promise<T>): Promise<T> {
    const lease = new StoreLease(this.mongo, `once:${name}`, { termMs: ONE_AT_A_TIME_TERM_MS });
    while (!(await lease.hold())) await sleep(250);
    const renew = setInterval(() => void lease.hold().catch(() => undefined), ONE_AT_A_TIME_TERM_MS / 4);
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await lease.release().catch((err: unknown) => this.logger.warn({ err, name }, 'could not release a start-up lease; it expires'));
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models whose schemas carry the outbox fields
  startOutboxRelay(models: readonly Model<any>[]): OutboxRelay {
    const relay = new OutboxRelay({ broker: this.broker, models, logger: this.logger, metrics: this.metrics });
    relay.start();
    this.lifecycle.onShutdown('flush', 'outbox', () => relay.stop());
    return relay;
  }

  /**
   * Run a job every `everyMs` (a run still going when the next is due is not
   * doubled); its stop waits for the run in progress. Of several instances of
   * the service, one runs it: the holder of the job's lease in the store
   * (terms of two intervals, at least 10 s), which it keeps while it ticks,
   * renews through a long run, and gives up when it stops; if it dies, another
   * instance takes the job up within two terms.
   */
  startJob(job: Job): void {
    const lease = new StoreLease(this.mongo, `job:${job.name}`, { termMs: Math.max(2 * job.everyMs, JOB_LEASE_MIN_TERM_MS) });
    let running: Promise<unknown> | undefined;
    const runOnce = (): Promise<unknown> =>
      (running ??= Promise.resolve()
        .then(async () => {
          if (!(await lease.hold())) return; // another instance runs it
          const renew = setInterval(() => void lease.hold().catch(() => undefined), lease.termMs / 4);
          renew.unref();
          try {
            this.#jobRuns.inc({ job: job.name });
            await job.run();
          } finally {
            clearInterval(renew);
          }
        })
        .catch((err: unknown) => this.logger.warn({ err, job: job.name }, job.failure ?? `${job.name} failed; will retry`))
        .finally(() => {
          running = undefined;
        }));
    const timer = setInterval(() => void runOnce(), job.everyMs);
    timer.unref();
    this.lifecycle.onShutdown(job.finalRun ? 'flush' : 'stop-jobs', job.name, async () => {
      clearInterval(timer);
      await running;
      if (job.finalRun) await runOnce();
      // The other instances need not wait for the term to end.
      await lease
        .release()
        .catch((err: unknown) => this.logger.warn({ err, job: job.name }, 'could not release the job lease; it expires'));
    });
  }

  async startConsumer(subscriptions: readonly Subscription[]): Promise<EventConsumer> {
    const consumer = new EventConsumer(this.broker, {
      consumer: this.service,
      subscriptions,
      inbox: new Inbox(this.mongo, this.service),
      metrics: this.metrics,
    });
    await consumer.start();
    this.lifecycle.onShutdown('stop-consuming', 'consumer', () => consumer.stop());
    return consumer;
  }

  /**
   * Start the HTTP server with the common middleware, health endpoints, the
   * OpenAPI document generated from the operations' zod schemas, and the routes.
   * /openapi.json is public and leaves out `internal` operations; those are at
   * /internal/openapi.json, for service assertions only.
   */
  async serve(options: {
    routes: (app: Express) => void;
    operations?: readonly Operation[];
    extraReadiness?: readonly ReadinessCheck[];
    host?: string;
    /** Services refuse any call without a valid identity assertion; only the gateway (the door itself) turns this off. */
    requireIdentity?: boolean;
  }): Promise<RunningServer> {
    const { routes, operations = [], extraReadiness = [], host = this.config.HOST ?? '127.0.0.1', requireIdentity = true } = options;
    // The public document lists what the gateway may forward; the internal API is documented for services only.
    const openApi = createOpenApiDocument(
      { title: `WebITR ${this.service}`, version: '0.1.0' },
      operations.filter((op) => op.access !== 'internal'),
    );
    const internal = operations.filter((op) => op.access === 'internal');
    const internalOpenApi = createOpenApiDocument(
      { title: `WebITR ${this.service} — internal API (services only)`, version: '0.1.0' },
      internal,
    );
    const readiness = [...this.readiness, ...extraReadiness];
    this.metrics.readiness(readiness);
    const app = createHttpApp({
      service: this.service,
      logger: this.logger,
      readiness,
      metrics: this.metrics,
      routes: (app) => {
        app.get('/openapi.json', (_req, res) => void res.json(openApi));
        if (requireIdentity) app.use(requireAssertion(this.verifier));
        if (requireIdentity && internal.length > 0)
          app.get(INTERNAL_OPENAPI_PATH, serviceOnly, (_req, res) => void res.json(internalOpenApi));
        routes(app);
      },
      isShuttingDown: () => this.lifecycle.shuttingDown,
      idempotency: this.idempotency,
    });
    this.startJob({
      name: 'idempotency-pruning',
      everyMs: IDEMPOTENCY_PRUNE_EVERY_MS,
      run: () => this.idempotency.prune(),
      failure: 'could not prune old idempotency keys',
    });
    const http = await listen(app, this.config.PORT, host);
    this.#http = http;
    this.lifecycle.onShutdown('stop-accepting', 'http', () => http.close(httpDrainMs(this.config.SHUTDOWN_TIMEOUT_MS)));
    this.logger.info({ url: http.url }, 'listening');
    return http;
  }

  get http(): RunningServer | undefined {
    return this.#http;
  }
}
