// Approval flows (批核流程), routing and decisions.
// Wiring only: the service is declared in service.ts; the platform starts it and shuts it down on SIGTERM.
import { main } from './service.ts';

await main();
