import type { Express } from 'express';
import type { Connection, Model } from 'mongoose';
import type { z } from 'zod';
import type { Operation } from '@webitr/contracts';
import { bootOrExit } from './boot.ts';
import { loadConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { Subscription } from './messaging/consumer.ts';
import type { OutboxRelay } from './outbox/relay.ts';
import { ServiceRuntime } from './runtime.ts';
import type { BaseConfig, Job } from './runtime.ts';

/** "Now", injected: tests fix it, every time-dependent rule of a service reads it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** What the skeleton has made by the time the service's context is built. */
export interface ServiceParts<C extends BaseConfig, M> {
  config: C;
  runtime: ServiceRuntime<C>;
  models: M;
  /** The outbox relay: kicked after every write that added events. */
  relay: Pick<OutboxRelay, 'kick'>;
  clock: Clock;
  logger: Logger;
}

/** A service's HTTP side: how its routers mount, and the operations the OpenAPI document describes. */
export interface ServiceRoutes {
  mount(app: Express): void;
  operations: readonly Operation[];
}

/**
 * One service, declared: the skeleton runs the parts in one order for every
 * service — config → connections → models and their indexes → outbox relay →
 * context → seed → event consumer → jobs → HTTP — and each part registers its
 * stop with the lifecycle, whose phases run the reverse (HTTP, jobs, consumer,
 * outbox, connections). `O` is what tests may put in place of the real thing
 * (another service's client), handed to `context`; its fields are optional.
 */
export interface ServiceDefinition<C extends BaseConfig, M, X, O extends object> {
  name: string;
  configSchema: z.ZodObject & z.ZodType<C>;
  models?: (mongo: Connection) => M;
  /** The models whose documents carry an outbox; the relay publishes their events. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models whose schemas carry the outbox fields
  relayModels?: (models: M) => readonly Model<any>[];
  /** What every use case works with (the service's context interface: annotate the return type with it). */
  context: (parts: ServiceParts<C, M>, options: O) => X;
  /** Data the service needs before it serves (demo data, shipped calendars); idempotent, run at every start. */
  seed?: (ctx: X, config: C) => Promise<unknown> | void;
  subscriptions?: (ctx: X) => readonly Subscription[];
  /** Timed work beside requests and events; stopped after HTTP, before the consumer. */
  jobs?: (ctx: X, config: C) => readonly Job[];
  routes?: (ctx: X) => ServiceRoutes;
}

export interface StartOptions {
  /** Defaults to the service's own pino logger at LOG_LEVEL. */
  logger?: Logger;
  /** Defaults to the system clock. */
  clock?: Clock;
}

/** A service running: what main.ts installs the signal handlers on and what tests call and stop. */
export interface StartedService<C extends BaseConfig, X> {
  runtime: ServiceRuntime<C>;
  ctx: X;
  url: string;
}

export interface Service<C extends BaseConfig, X, O extends object> {
  name: string;
  /** Start with a loaded configuration (tests: their own, with `options` in place of other services and the clock). */
  start(config: C, options?: StartOptions & O): Promise<StartedService<C, X>>;
  /** The process entry: configuration from the environment, start, and shutdown on SIGTERM/SIGINT. */
  main(): Promise<void>;
}

export function defineService<C extends BaseConfig, M = Record<string, never>, X = unknown, O extends object = object>(
  definition: ServiceDefinition<C, M, X, O>,
): Service<C, X, O> {
  const { name } = definition;

  async function start(config: C, options: StartOptions & O = {} as StartOptions & O): Promise<StartedService<C, X>> {
    const runtime = await ServiceRuntime.start(name, config, options.logger);
    const models = definition.models ? definition.models(runtime.mongo) : ({} as M);
    await runtime.ensureIndexes();
    const relay = definition.relayModels ? runtime.startOutboxRelay(definition.relayModels(models)) : noRelay(name);
    const ctx = definition.context(
      { config, runtime, models, relay, clock: options.clock ?? systemClock, logger: runtime.logger },
      options,
    );
    // Instances starting together seed one after the other (each seed is idempotent, not safe at the same time as another).
    if (definition.seed) await runtime.oneAtATime('seed', async () => definition.seed!(ctx, config));
    const subscriptions = definition.subscriptions?.(ctx) ?? [];
    if (subscriptions.length > 0) await runtime.startConsumer(subscriptions);
    for (const job of definition.jobs?.(ctx, config) ?? []) runtime.startJob(job);
    const routes = definition.routes?.(ctx) ?? { mount: () => undefined, operations: [] };
    const http = await runtime.serve({ routes: (app) => routes.mount(app), operations: routes.operations });
    return { runtime, ctx, url: http.url };
  }

  return {
    name,
    start,
    main: () =>
      bootOrExit(name, async () => {
        const { runtime } = await start(loadConfig(definition.configSchema) as C);
        runtime.lifecycle.installSignalHandlers();
      }),
  };
}

/** A service without outbox models has nothing to relay; a kick would mean a model is missing from `relayModels`. */
function noRelay(service: string): Pick<OutboxRelay, 'kick'> {
  return {
    kick() {
      throw new Error(`${service} declares no relayModels, so nothing would publish these events`);
    },
  };
}
