// The processes that make up the system on one machine, and their ports.
// `npm start` runs them; the start command's test checks every one is ready.
import path from 'node:path';
import { ROOT } from './infra.ts';

export interface SystemProcess {
  name: string;
  /** Entry point, relative to the repository root. */
  entry: string;
  port: number;
  /** Answers /readyz (the development identity provider and mailbox have only /healthz). */
  readiness: '/readyz' | '/healthz';
  /** Runs as several instances under START_REPLICAS (the gateway and the services; not the development stand-ins). */
  replicable: boolean;
  /** Node's options for it (its V8 heap budget), as the Kubernetes manifests give them in NODE_OPTIONS. */
  nodeOptions: readonly string[];
}

/** One running copy of a process. With several, each has a port of its own and the process's port is their balancer's. */
export interface Instance {
  process: SystemProcess;
  /** `leave`, or `leave#2` when there are several. */
  label: string;
  port: number;
}

/** START_REPLICAS at most: two cores run four copies of seven processes already slowly. */
export const MAX_REPLICAS = 4;
/** Instance k of a process listens on the process's port + k × this (leave on 3012: its instances on 3112, 3212). */
const INSTANCE_PORT_STEP = 100;

/** The highest offset from the port base (notification = base + 15). */
const LAST_OFFSET = 15;

/**
 * V8 heap budgets, by process: `npm start` and the benchmarks run the process
 * with these options and its Kubernetes Deployment sets them as NODE_OPTIONS
 * (scripts/test/k8s.test.ts keeps the two equal). Without a budget V8 lets
 * the heap grow towards its default limit before collecting in earnest: an
 * upload of a million card lines took punch-card-ingest to 355 MB resident
 * with about 60 MB live; with this budget 178 MB, the upload about 5% slower
 * (`npm run bench:ingest` runs both). The others keep V8's defaults.
 */
export const HEAP_BUDGETS: Readonly<Record<string, readonly string[]>> = {
  'punch-card-ingest': ['--max-old-space-size=160', '--max-semi-space-size=8'],
};

/** Ports are laid out from one base so a second copy (or a test) can run beside the first. */
export function systemProcesses(portBase: number): SystemProcess[] {
  const at = (name: string, entry: string, offset: number): SystemProcess => ({
    name,
    entry,
    port: portBase + offset,
    readiness: '/readyz',
    replicable: true,
    nodeOptions: HEAP_BUDGETS[name] ?? [],
  });
  return [
    // Stands in for the portals (development only): the demo accounts sign in here.
    {
      name: 'identity-provider',
      entry: 'dev/identity-provider/src/main.ts',
      port: portBase + 1,
      readiness: '/healthz',
      replicable: false,
      nodeOptions: [],
    },
    at('directory', 'services/directory/src/main.ts', 11),
    at('leave', 'services/leave/src/main.ts', 12),
    at('approval', 'services/approval/src/main.ts', 13),
    at('punch-card-ingest', 'services/punch-card-ingest/src/main.ts', 14),
    at('notification', 'services/notification/src/main.ts', LAST_OFFSET),
    // The development mail server (development only): the notification service's mail, listed on a page.
    {
      name: 'mailbox',
      entry: 'dev/mailbox/src/main.ts',
      port: portBase + 2,
      readiness: '/healthz',
      replicable: false,
      nodeOptions: [],
    },
    at('gateway', 'gateway/src/main.ts', 0),
  ];
}

/** The instances `npm start` runs: one of each process, or `replicas` of each replicable one. */
export function instancesOf(processes: readonly SystemProcess[], replicas: number): Instance[] {
  return processes.flatMap((p) =>
    replicas === 1 || !p.replicable
      ? [{ process: p, label: p.name, port: p.port }]
      : Array.from({ length: replicas }, (_, i) => ({
          process: p,
          label: `${p.name}#${i + 1}`,
          port: p.port + INSTANCE_PORT_STEP * (i + 1),
        })),
  );
}

/**
 * Every port the system listens on with `replicas` instances of each
 * replicable process: the processes' own (balancers when there are several)
 * and the instances' (named `leave#2`).
 */
export function systemPorts(processes: readonly SystemProcess[], replicas: number): { name: string; port: number }[] {
  return [
    ...processes.map((p) => ({ name: p.name, port: p.port })),
    ...instancesOf(processes, replicas)
      .filter((i) => i.port !== i.process.port)
      .map((i) => ({ name: i.label, port: i.port })),
  ];
}

/** START_REPLICAS as a number of instances (1 when unset), or why it cannot be used. */
export function parseReplicas(text: string | undefined): { replicas: number } | { problem: string } {
  const raw = text?.trim() || '1';
  const replicas = Number(raw);
  if (/^\d+$/.test(raw) && replicas >= 1 && replicas <= MAX_REPLICAS) return { replicas };
  return { problem: `START_REPLICAS=${raw} is not a number of instances: use a whole number from 1 to ${MAX_REPLICAS}` };
}

/** The development mailbox's SMTP port (its page is the process's port, base + 2). */
export const mailboxSmtpPort = (portBase: number): number => portBase + 3;

export const entryPath = (p: SystemProcess): string => path.join(ROOT, p.entry);

/**
 * The order `npm start` stops them in: the gateway first, so no new work
 * enters, then everything behind it at once (each drains its in-flight
 * requests); the infrastructure the script started comes last.
 */
export function stopOrder(instances: readonly Instance[]): Instance[][] {
  return [instances.filter((i) => i.process.name === 'gateway'), instances.filter((i) => i.process.name !== 'gateway')];
}

/**
 * The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#bad-port):
 * browsers and Node's fetch() refuse to connect to them, so the gateway on one
 * could not be opened and the services could not call one another there.
 */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/**
 * START_PORT_BASE as a number, or why it cannot be used: not a whole number,
 * ports out of range, or a port that browsers and fetch() refuse (then the
 * next round base without one is suggested).
 */
export function parsePortBase(text: string | undefined, replicas = 1): { base: number } | { problem: string } {
  const raw = text?.trim() || '3000';
  const base = Number(raw);
  const last = LAST_OFFSET + (replicas > 1 ? INSTANCE_PORT_STEP * replicas : 0);
  if (!/^\d+$/.test(raw) || base < 1 || base + last > 65_535) {
    return {
      problem: `START_PORT_BASE=${raw} is not a port base: use a whole number from 1 to ${65_535 - last} (ports base … base+${last} are used)`,
    };
  }
  const bad = systemPorts(systemProcesses(base), replicas).filter((p) => BAD_PORTS.has(p.port));
  if (bad.length === 0) return { base };
  let suggestion = Math.floor(base / 100) * 100 + 100;
  while (systemPorts(systemProcesses(suggestion), replicas).some((p) => BAD_PORTS.has(p.port))) suggestion += 100;
  return {
    problem:
      `START_PORT_BASE=${raw} would put ${bad.map((p) => `${p.name} on port ${p.port}`).join(', ')}, ` +
      'which browsers and fetch() refuse to connect to (the Fetch standard\'s "bad ports", e.g. 6000 for X11); ' +
      `choose another base, e.g. START_PORT_BASE=${suggestion}`,
  };
}
