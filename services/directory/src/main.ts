// People, agencies, units, roles and per-person app permissions (人員、機關、單位、角色、可用系統).
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';

await bootOrExit('directory', async () => {
  const runtime = await ServiceRuntime.start('directory', loadConfig(configSchema));
  await runtime.ensureIndexes();
  await runtime.serve({ routes: () => undefined });
  runtime.lifecycle.installSignalHandlers();
});
