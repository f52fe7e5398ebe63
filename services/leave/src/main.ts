// Leave, overtime, comp-time and forgotten-punch forms, balances and deputies (差假、加班、補休、忘刷卡).
// Wiring only: configuration, connections, routes, subscriptions, shutdown.
import { bootOrExit, loadConfig, ServiceRuntime } from '@webitr/platform';
import { configSchema } from './config.ts';

await bootOrExit('leave', async () => {
  const runtime = await ServiceRuntime.start('leave', loadConfig(configSchema));
  await runtime.ensureIndexes();
  await runtime.serve({ routes: () => undefined });
  runtime.lifecycle.installSignalHandlers();
});
