// E-mail and in-app notifications (通知).
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';

await bootOrExit('notification', async () => {
  const runtime = await ServiceRuntime.start('notification', loadConfig(configSchema));
  await runtime.ensureIndexes();
  await runtime.serve({ routes: () => undefined });
  runtime.lifecycle.installSignalHandlers();
});
