// The whole system, as `npm start` runs it (gateway, directory, leave,
// approval, punch-card-ingest, notification, the development identity
// provider, its own FerretDB, the demo school seeded), started once per test
// run for the browser journeys and stopped after it.
//
// It runs scripts/start.ts itself rather than a copy of its logic, with:
// - a free port base of its own (bases 12_050 + k·100, between those the start
//   command's own test takes), a data folder in /tmp removed afterwards and a
//   namespace of its own for queues, exchanges and Redis keys, so that it runs
//   beside every other suite of `npm test`;
// - network zones for three kinds of visitor (ZONES below). The gateway finds
//   a visitor's zone from the socket's peer or, when that peer is a trusted
//   reverse proxy, from X-Forwarded-For. On one machine every connection comes
//   from 127.0.0.1 whichever loopback address it goes to, so loopback is made
//   the trusted proxy and a browser context stands for "a visitor behind the
//   school's proxy" by sending the zone's address in X-Forwarded-For
//   (browser.ts). A context without it is the intranet, as in `npm start`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cleanupNamespace, eventually, suiteNamespace } from '@webitr/testkit';
import { ROOT, probeTcp } from '../../../scripts/lib/infra.ts';
import { systemProcesses } from '../../../scripts/lib/system.ts';

/** Where a visitor's requests come from, as the gateway sees it. */
export type Zone = 'intranet' | 'onsite' | 'outside';

/**
 * One address per zone: 127.0.0.1 is the intranet (機關內部網路), 127.30.1.1
 * is also inside 光華國小's onsite network (機關現場網路, where web punching is
 * allowed), 127.99.0.1 is in no zone (the internet), which the app refuses.
 */
export const ZONES: Record<Zone, string> = { intranet: '127.0.0.1', onsite: '127.30.1.1', outside: '127.99.0.1' };

const NETWORK_ZONES = {
  intranet: ['127.0.0.1/32', '127.30.0.0/16', '::1/128'],
  'onsite-kh-guanghua-es': ['127.30.1.0/24'],
};

/**
 * The stand-in portal's port, beside the system's (base + 30, clear of the
 * processes' base … base + 15 and of the start command test's bases): its
 * origin is the one TILE_FRAME_ANCESTORS allows to frame the tile. Same site
 * as the gateway (127.0.0.1; ports do not count for SameSite), as a portal and
 * the app on one registrable domain would be.
 */
const PORTAL_PORT_OFFSET = 30;

export interface RunningSystem {
  /** The gateway's origin, e.g. http://127.0.0.1:12350 — the one address people open. */
  readonly gatewayUrl: string;
  /** The origin the stand-in portal serves its page from (journeys/tile.test.ts), the one allowed to frame the tile. */
  readonly portalOrigin: string;
  /** The development identity provider (the portals' sign-in page). */
  readonly identityProviderUrl: string;
  /** The development mailbox's page; `${mailboxUrl}/messages` lists every mail the system sent, newest first (JSON). */
  readonly mailboxUrl: string;
  /** A URL on the gateway: `url('/leave/apply')`. */
  url(pathname?: string): string;
  /** Everything the start command printed so far (shown when a start fails). */
  output(): string;
  /** Seconds from spawning the start command to its "ready". */
  readonly startSeconds: number;
}

/** Below the kernel's ephemeral range (32768+), interleaved with the bases of scripts/test/start.test.ts (12_000 + k·100). */
async function freePortBase(): Promise<number> {
  for (;;) {
    const base = 12_050 + Math.floor(Math.random() * 200) * 100;
    const ports = [...systemProcesses(base).map((p) => p.port), base + PORTAL_PORT_OFFSET];
    const busy = await Promise.all(ports.map((port) => probeTcp('127.0.0.1', port, 200)));
    if (!busy.some(Boolean)) return base;
  }
}

class StartCommand {
  readonly child: ChildProcess;
  text = '';
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.ts')], {
      cwd: ROOT,
      env,
      // The IPC channel is start.ts's parent watchdog: if this test process dies
      // however it dies, the kernel closes it and start.ts stops everything.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Every pid start.ts printed for its processes. */
  pids(): number[] {
    return [...this.text.matchAll(/\bpid (\d+)/g)].map((m) => Number(m[1]));
  }
}

const STARTUP_TIMEOUT_MS = 150_000;

let running: Promise<RunningSystem> | undefined;
/** The system once it is ready (for the hooks, which cannot wait for a start). */
let started: RunningSystem | undefined;

/** The running system, or undefined if no test has asked for it yet. */
export const startedSystem = (): RunningSystem | undefined => started;
let stopSystem: (() => Promise<void>) | undefined;

/**
 * The system for this test run: started by the first caller (unit tests in
 * the same run never pay for it), shared by every journey after that, stopped
 * by the root hook in hooks.ts.
 */
export function theSystem(): Promise<RunningSystem> {
  running ??= startSystem();
  return running;
}

/** Stops the system if it was started; for the root after-hook. */
export async function stopTheSystem(): Promise<void> {
  await stopSystem?.();
}

async function startSystem(): Promise<RunningSystem> {
  const namespace = suiteNamespace('browser');
  // As on a developer's machine: no MONGODB_URI, so start.ts runs its own FerretDB on the data folder, and
  // no NODE_ENV (npm test's `test` would make the gateway's cookies Secure, which plain HTTP never sends back).
  const { MONGODB_URI: _mongo, NODE_ENV: _env, ...inherited } = process.env;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const base = await freePortBase();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'webitr-browser-data-'));
    const began = Date.now();
    const start = new StartCommand({
      ...inherited,
      START_PORT_BASE: String(base),
      START_DATA_DIR: dataDir,
      WEBITR_NAMESPACE: namespace,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
      SHUTDOWN_TIMEOUT_MS: '5000',
      NETWORK_ZONES: JSON.stringify(NETWORK_ZONES),
      TRUSTED_PROXIES: 'loopback',
      TILE_FRAME_ANCESTORS: `http://127.0.0.1:${base + PORTAL_PORT_OFFSET}`,
      // The web app as built before the tests (turbo builds it first, like the gateway's tests; see hooks.ts).
      START_WEB_BUILD: 'reuse',
    });
    const processes = systemProcesses(base);
    const stop = async () => {
      if (start.child.exitCode === null && start.child.signalCode === null) {
        start.child.kill('SIGTERM');
        const timer = setTimeout(() => start.child.kill('SIGKILL'), 30_000);
        await start.exited;
        clearTimeout(timer);
      }
      // Whatever did not stop in order (a crash of start.ts itself) goes now.
      for (const pid of start.pids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      await cleanupNamespace({ namespace, consumers: processes.map((p) => p.name) }).catch((err: Error) =>
        console.error(`[browser tests] cleaning namespace ${namespace}: ${err.message}`),
      );
      await rm(dataDir, { recursive: true, force: true });
    };
    stopSystem = stop;
    const ready = await eventually(
      () => (start.text.includes('[start] ready') ? 'ready' : start.child.exitCode !== null ? 'ended' : undefined),
      'the whole system to start',
      STARTUP_TIMEOUT_MS,
    ).catch(() => 'timed out');
    if (ready === 'ready') {
      const gatewayUrl = `http://127.0.0.1:${base}`;
      const startSeconds = (Date.now() - began) / 1000;
      console.log(`      [browser tests] the whole system started in ${startSeconds.toFixed(1)} s at ${gatewayUrl}`);
      started = {
        gatewayUrl,
        portalOrigin: `http://127.0.0.1:${base + PORTAL_PORT_OFFSET}`,
        identityProviderUrl: `http://127.0.0.1:${processes.find((p) => p.name === 'identity-provider')!.port}`,
        mailboxUrl: `http://127.0.0.1:${processes.find((p) => p.name === 'mailbox')!.port}`,
        url: (pathname = '/') => new URL(pathname, gatewayUrl).href,
        output: () => start.text,
        startSeconds,
      };
      return started;
    }
    await stop();
    // Another run took one of the ports between the probe and the start: once more elsewhere.
    if (ready === 'ended' && start.text.includes('already in use') && attempt < 3) continue;
    throw new Error(`the whole system did not start (${ready}); the start command printed:\n${start.text}`);
  }
}
