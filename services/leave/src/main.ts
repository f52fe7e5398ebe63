// Leave, overtime, comp-time and forgotten-punch forms, balances and deputies (差假、加班、補休、忘刷卡).
// Wiring only: the service is declared in service.ts; the platform starts it and shuts it down on SIGTERM.
import { main } from './service.ts';

await main();
