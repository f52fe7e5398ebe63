// The processes that make up the system on one machine, and their ports.
// `npm start` runs them; the start command's test checks every one is ready.
import path from 'node:path';
import { ROOT } from './infra.ts';

export interface SystemProcess {
  name: string;
  /** Entry point, relative to the repository root. */
  entry: string;
  port: number;
  /** Answers /readyz (the development identity provider has only /healthz). */
  readiness: '/readyz' | '/healthz';
}

/** Ports are laid out from one base so a second copy (or a test) can run beside the first. */
export function systemProcesses(portBase: number): SystemProcess[] {
  const at = (name: string, entry: string, offset: number): SystemProcess => ({ name, entry, port: portBase + offset, readiness: '/readyz' });
  return [
    // Stands in for the portals (development only): the demo accounts sign in here.
    { name: 'identity-provider', entry: 'gateway/src/dev-idp/main.ts', port: portBase + 1, readiness: '/healthz' },
    at('directory', 'services/directory/src/main.ts', 11),
    at('leave', 'services/leave/src/main.ts', 12),
    at('approval', 'services/approval/src/main.ts', 13),
    at('punch-card-ingest', 'services/punch-card-ingest/src/main.ts', 14),
    at('notification', 'services/notification/src/main.ts', 15),
    at('gateway', 'gateway/src/main.ts', 0),
  ];
}

export const entryPath = (p: SystemProcess): string => path.join(ROOT, p.entry);
