// Card-machine punches and daily attendance results (出勤刷卡、出勤結果).
// Wiring only: the service is declared in service.ts; the platform starts it and shuts it down on SIGTERM.
import { main } from './service.ts';

await main();
