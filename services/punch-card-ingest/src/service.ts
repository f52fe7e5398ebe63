import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import { defineService, ServiceClient } from '@webitr/platform';
import type { StartOptions } from '@webitr/platform';
import { configSchema } from './config.ts';
import type { Directory, PunchCardIngestContext } from './context.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { registerModels } from './models/index.ts';
import { mountRoutes } from './routes/index.ts';
import { internalRoutes } from './routes/internal.ts';
import { operations } from './routes/operations.ts';
import * as seedDemo from './usecases/seed-demo/index.ts';
import { PunchWriter } from './usecases/shared/punch-writer.ts';
import { attendanceWorker } from './usecases/work-pending-days/index.ts';

/** What tests may put in place of the other services. */
export interface PunchCardIngestReplacements {
  /** Defaults to the directory's internal API at DIRECTORY_URL. */
  directory?: Directory;
}

export type PunchCardIngestOptions = StartOptions & PunchCardIngestReplacements;

/**
 * The punch-card-ingest service, declared: raw punches (card files, web,
 * forgotten-punch forms), the daily attendance computed from them, the
 * events it follows (forms, calendar, people), the attendance job, HTTP.
 * main.ts runs it.
 */
export const punchCardIngest = defineService({
  name: 'punch-card-ingest',
  configSchema,
  models: registerModels,
  context: ({ config, runtime, models, clock, logger }, options: PunchCardIngestReplacements): PunchCardIngestContext => {
    const directory =
      options.directory ??
      createApiClient(
        directoryInternalApi,
        new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }),
      );
    const worker = attendanceWorker(() => ctx, { kickDelayMs: config.ATTENDANCE_KICK_DELAY_MS });
    const kickAttendance = () => worker.kick((err: unknown) => logger.warn({ err }, 'attendance work failed; the job retries'));
    const ctx: PunchCardIngestContext = {
      models,
      directory,
      personTtlMs: config.PERSON_CACHE_TTL_MS,
      clock,
      kickAttendance,
      webPunches: new PunchWriter(runtime.insertLane.collection(models.pending.collection.collectionName), kickAttendance),
      logger,
    };
    workers.set(ctx, worker);
    return ctx;
  },
  seed: async (ctx, config) => {
    if (!config.PUNCH_SEED_DEMO) return;
    const created = await seedDemo.execute(ctx);
    ctx.logger.info({ created }, 'demo card-file formats seeded');
  },
  subscriptions,
  jobs: (ctx, config) => [
    {
      name: 'attendance',
      everyMs: config.ATTENDANCE_INTERVAL_MS,
      run: () => workers.get(ctx)!.run(),
      failure: 'attendance work failed; will retry',
    },
  ],
  routes: (ctx) => ({
    mount: (app) => {
      app.use(internalRoutes(ctx));
      mountRoutes(app, ctx);
    },
    operations,
  }),
});

const workers = new WeakMap<PunchCardIngestContext, ReturnType<typeof attendanceWorker>>();

export const { start, main } = punchCardIngest;
