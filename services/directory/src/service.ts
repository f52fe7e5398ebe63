import { defineService } from '@webitr/platform';
import { ChangeJournal } from './audit/journal.ts';
import { configSchema } from './config.ts';
import type { DirectoryContext } from './context.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { registerModels } from './models/index.ts';
import { NationalIdProtector } from './personal-data/cipher.ts';
import { buildRoutes } from './routes/index.ts';
import * as seedDemo from './usecases/seed-demo/index.ts';

export const SERVICE = 'directory';

/**
 * The directory, declared: models and their indexes, the outbox relay, the
 * change journal, the demo seed, the event consumer, the HTTP routes; the
 * platform starts and stops them in order. main.ts runs it; tests start it
 * against the test infrastructure.
 */
export const directory = defineService({
  name: SERVICE,
  configSchema,
  models: registerModels,
  relayModels: (models) => [models.Person, models.Unit],
  context: ({ config, runtime, models, relay, clock, logger }): DirectoryContext => ({
    models,
    redis: runtime.redis,
    protector: new NationalIdProtector(config.DIRECTORY_PERSONAL_DATA_KEY),
    journal: new ChangeJournal({ log: models.ChangeLog, models: [models.Person, models.Unit, models.Agency], logger }),
    relay,
    clock,
    logger,
    cacheTtlSeconds: config.DIRECTORY_CACHE_TTL_SECONDS,
    importMaxBytes: config.DIRECTORY_IMPORT_MAX_BYTES,
  }),
  seed: async (ctx, config) => {
    if (!config.DIRECTORY_SEED_DEMO) return;
    const created = await seedDemo.execute(ctx);
    ctx.logger.info(created, 'demo agencies and accounts seeded');
  },
  subscriptions,
  // The journal's poll is the safety net for entries a writer left behind; its last run copies what the final requests left.
  jobs: (ctx) => [{ name: 'change-journal', everyMs: 2_000, run: () => ctx.journal.poll(), finalRun: true }],
  routes: (ctx) => {
    const { router, operations } = buildRoutes(ctx);
    return { mount: (app) => app.use(router), operations };
  },
});

export const { start, main } = directory;
