// Leave, overtime, comp-time and forgotten-punch forms, balances and deputies (差假、加班、補休、忘刷卡).
// Wiring only: configuration, connections, routes, subscriptions, shutdown (see wiring.ts).
import { bootOrExit, loadConfig } from '@webitr/platform';
import { configSchema } from './config.ts';
import { startLeaveService } from './wiring.ts';

await bootOrExit('leave', async () => {
  const { runtime } = await startLeaveService(loadConfig(configSchema));
  runtime.lifecycle.installSignalHandlers();
});
