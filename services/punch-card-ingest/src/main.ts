// Card-machine punches and daily attendance results (出勤刷卡、出勤結果).
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';

await bootOrExit('punch-card-ingest', async () => {
  const runtime = await ServiceRuntime.start('punch-card-ingest', loadConfig(configSchema));
  await runtime.ensureIndexes();
  await runtime.serve({ routes: () => undefined });
  runtime.lifecycle.installSignalHandlers();
});
