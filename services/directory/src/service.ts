import { ServiceRuntime } from '@webitr/platform';
import type { Logger } from '@webitr/platform';
import { ChangeJournal } from './audit/journal.ts';
import type { Config } from './config.ts';
import type { DirectoryContext } from './context.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { registerModels } from './models/index.ts';
import { NationalIdProtector } from './personal-data/cipher.ts';
import { buildRoutes } from './routes/index.ts';
import * as seedDemo from './usecases/seed-demo/index.ts';

export const SERVICE = 'directory';

/**
 * The directory, assembled: models and their indexes, the outbox relay, the
 * change journal, the demo seed, the event consumer, the HTTP routes.
 * main.ts runs it; tests run it against the test infrastructure.
 */
export async function startDirectory(config: Config, logger?: Logger): Promise<{ runtime: ServiceRuntime<Config>; ctx: DirectoryContext; url: string }> {
  const runtime = await ServiceRuntime.start(SERVICE, config, logger);
  const models = registerModels(runtime.mongo);
  await runtime.ensureIndexes();
  const relay = runtime.startOutboxRelay([models.Person, models.Unit]);
  const journal = new ChangeJournal({ log: models.ChangeLog, models: [models.Person, models.Unit, models.Agency], logger: runtime.logger });
  journal.start();
  runtime.lifecycle.onShutdown('flush', 'change-journal', () => journal.stop());
  const ctx: DirectoryContext = {
    models,
    redis: runtime.redis,
    protector: new NationalIdProtector(config.DIRECTORY_PERSONAL_DATA_KEY),
    journal,
    relay,
    logger: runtime.logger,
    cacheTtlSeconds: config.DIRECTORY_CACHE_TTL_SECONDS,
    importMaxBytes: config.DIRECTORY_IMPORT_MAX_BYTES,
  };
  if (config.DIRECTORY_SEED_DEMO) {
    const created = await seedDemo.execute(ctx);
    runtime.logger.info(created, 'demo agencies and accounts seeded');
  }
  await runtime.startConsumer(subscriptions(ctx));
  const { router, operations } = buildRoutes(ctx);
  const http = await runtime.serve({ routes: (app) => app.use(router), operations });
  return { runtime, ctx, url: http.url };
}
