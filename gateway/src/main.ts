// The only door: portal sign-in, network zones, app permission, routing to the services.
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';
import { startGateway } from './gateway.ts';

await bootOrExit('gateway', async () => {
  const runtime = await ServiceRuntime.start('gateway', loadConfig(configSchema));
  await startGateway(runtime);
  runtime.lifecycle.installSignalHandlers();
});
