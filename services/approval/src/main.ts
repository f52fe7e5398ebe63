// Approval flows, routing and decisions (批核流程).
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';

await bootOrExit('approval', async () => {
  const runtime = await ServiceRuntime.start('approval', loadConfig(configSchema));
  await runtime.ensureIndexes();
  await runtime.serve({ routes: () => undefined });
  runtime.lifecycle.installSignalHandlers();
});
