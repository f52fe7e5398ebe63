// People, agencies, units, roles and per-person app permissions (人員、機關、單位、角色、可用系統).
// Wiring only: the service is declared in service.ts; the platform starts it and shuts it down on SIGTERM.
import { main } from './service.ts';

await main();
