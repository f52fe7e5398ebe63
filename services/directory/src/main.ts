// People, agencies, units, roles and per-person app permissions (人員、機關、單位、角色、可用系統).
// Wiring only: configuration, connections, routes, subscriptions, shutdown (see service.ts).
import { bootOrExit, loadConfig } from '@webitr/platform';
import { configSchema } from './config.ts';
import { startDirectory } from './service.ts';

await bootOrExit('directory', async () => {
  const { runtime } = await startDirectory(loadConfig(configSchema));
  runtime.lifecycle.installSignalHandlers();
});
