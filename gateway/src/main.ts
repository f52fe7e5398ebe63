// The only door: portal sign-in, network zones, app permission, routing to the services.
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';

await bootOrExit('gateway', async () => {
  const runtime = await ServiceRuntime.start('gateway', loadConfig(configSchema));
  // The gateway is the door: it authenticates people itself and signs assertions for the services.
  await runtime.serve({ routes: () => undefined, requireIdentity: false });
  runtime.lifecycle.installSignalHandlers();
});
