// `npm start`: the whole system on this machine — every service, the gateway,
// Redis, RabbitMQ and MongoDB (FerretDB unless MONGODB_URI is set) — with
// readable logs, until Ctrl-C (or SIGINT/SIGTERM to this process or npm).
//
// A process that stops on its own is restarted with a back-off
// (lib/supervisor.ts). Stopping goes in dependency order: the gateway first,
// then the services (each drains its requests), then FerretDB. FerretDB keeps
// its data in START_DATA_DIR (default .data/), locked while this runs;
// `npm run reset` deletes it.
//
// Environment: MONGODB_URI, AMQP_URL, REDIS_URL point at real infrastructure;
// START_PORT_BASE moves every port (gateway = base, the development identity
// provider = base+1, services = base+11…);
// START_REPLICAS=2 (up to 4) runs that many instances of the gateway and of
// every service, each on a port of its own (base+100+…, base+200+…), behind a
// round-robin balancer on the usual port (lib/balancer.ts);
// LOG_FORMAT=json prints the services' JSON log lines as they are;
// START_WEB_BUILD=reuse serves the web app already built instead of building it.
// `--until-ready` exits 0 once everything is ready (used by the smoke test).
import './lib/parent-watchdog.ts';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateIssuerKeys, servesFerretDb } from '@webitr/platform';
import {
  DEFAULT_AMQP_URL,
  DEFAULT_REDIS_URL,
  ROOT,
  ensureFerretDb,
  ensureRabbitMQ,
  ensureRedis,
  probeHttp,
  probeTcp,
} from './lib/infra.ts';
import type { MongoHandle } from './lib/infra.ts';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { PUBLIC_DIR } from '@webitr/portal-plugin/paths';
import { dataDir, dataDirProblem, ferretDbDataDir, lockDataDir, shownDir, stopLeftoverFerretDb } from './lib/data-dir.ts';
import { demoAccountLines, demoPortalOfAgency, demoSso } from './lib/demo.ts';
import { Supervisor } from './lib/supervisor.ts';
import { RoundRobinBalancer } from './lib/balancer.ts';
import { MongoFunnel } from './lib/mongo-funnel.ts';
import {
  entryPath,
  instancesOf,
  mailboxSmtpPort,
  parsePortBase,
  parseReplicas,
  stopOrder,
  systemPorts,
  systemProcesses,
} from './lib/system.ts';
import type { Instance, SystemProcess } from './lib/system.ts';

const say = (message: string) => console.log(`[start] ${message}`);

const untilReady = process.argv.includes('--until-ready');
const replicaCount = parseReplicas(process.env['START_REPLICAS']);
if ('problem' in replicaCount) {
  say(replicaCount.problem);
  process.exit(2);
}
const { replicas } = replicaCount;
const portBase = parsePortBase(process.env['START_PORT_BASE'], replicas);
if ('problem' in portBase) {
  say(portBase.problem);
  process.exit(2);
}
// Refused before anything is made in it: `npm run reset` deletes the data folder.
const unsafeDataDir = process.env['MONGODB_URI'] ? undefined : dataDirProblem(dataDir());
if (unsafeDataDir) {
  say(unsafeDataDir);
  process.exit(2);
}
const jsonLogs = process.env['LOG_FORMAT'] === 'json';
const processes = systemProcesses(portBase.base);
const instances = instancesOf(processes, replicas);
/** The processes that run as several instances, each behind a balancer on its own port. */
const balanced = processes.filter((p) => instances.filter((i) => i.process === p).length > 1);
const balancers: RoundRobinBalancer[] = [];
/** On FerretDB, the one connection the instances of each process share (lib/mongo-funnel.ts), by process name. */
const funnels = new Map<string, { funnel: MongoFunnel; uri: string }>();
const smtpPort = mailboxSmtpPort(portBase.base);
const supervisors = new Map<string, Supervisor>();
const WATCHDOG = pathToFileURL(path.join(import.meta.dirname, 'lib', 'parent-watchdog.ts')).href;
// OpenTelemetry, loaded before the process's own modules; it does nothing unless OTEL_* variables ask for traces.
const TELEMETRY = pathToFileURL(path.join(ROOT, 'packages', 'platform', 'src', 'telemetry', 'register.ts')).href;
/** A process drains within its SHUTDOWN_TIMEOUT_MS (10 s by default); then it is killed. */
const STOP_GRACE_MS = Number(process.env['SHUTDOWN_TIMEOUT_MS'] ?? 10_000) + 5_000;
let mongo: MongoHandle | undefined;
let stopping: Promise<void> | undefined;

const LEVEL_LABEL: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** One pino JSON line as `12:00:01 INFO  [leave] message key=value`. */
function pretty(name: string, line: string): string {
  if (jsonLogs) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `[${name}] ${line}`;
  }
  const {
    time,
    level,
    msg,
    service: _service,
    module,
    requestId,
    correlationId: _c,
    req,
    res,
    reqId: _r,
    responseTime,
    err,
    ...rest
  } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const http =
    req && res
      ? `${(req as { method: string }).method} ${(req as { url: string }).url} ${(res as { statusCode: number }).statusCode} ${responseTime}ms`
      : '';
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const error = err ? ` ${(err as { stack?: string; message?: string }).stack ?? (err as { message?: string }).message}` : '';
  return (
    [
      clock,
      LEVEL_LABEL[String(level)] ?? String(level),
      `[${name}${module ? `/${module}` : ''}]`,
      msg,
      http,
      ...extra,
      requestId ? `req=${requestId}` : '',
    ]
      .filter(Boolean)
      .join(' ') + error
  );
}

/**
 * Every process gets a signing key of its own for identity assertions, made
 * fresh at each start (nothing to leak, nothing committed), and trusts the
 * public keys of all the others.
 */
async function assertionKeys(): Promise<{ privateKeys: Map<string, string>; trusted: string }> {
  const pairs = await Promise.all(processes.map(async (p) => [p.name, await generateIssuerKeys()] as const));
  return {
    privateKeys: new Map(pairs.map(([name, keys]) => [name, JSON.stringify(keys.privateJwk)])),
    trusted: JSON.stringify(Object.fromEntries(pairs.map(([name, keys]) => [name, keys.publicJwk]))),
  };
}

function supervise(instance: Instance, env: NodeJS.ProcessEnv): Supervisor {
  const p = instance.process;
  const supervisor = new Supervisor(
    instance.label,
    () =>
      spawn(process.execPath, [...p.nodeOptions, '--import', WATCHDOG, '--import', TELEMETRY, entryPath(p)], {
        cwd: ROOT,
        env: { ...env, PORT: String(instance.port), OTEL_SERVICE_NAME: `webitr-${p.name}` },
        // The IPC channel is the watchdog's: it closes when this process goes.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // A process group of its own: Ctrl-C in a terminal reaches this script
        // only, which stops the processes in order.
        detached: true,
      }),
    {
      line: (line) => console.log(pretty(instance.label, line)),
      say,
      started: (child, restart) => {
        if (restart > 0) void announceReady(instance, child.pid);
      },
    },
  );
  supervisors.set(instance.label, supervisor);
  supervisor.start();
  return supervisor;
}

async function isReady(instance: Instance): Promise<boolean> {
  return (await probeHttp(instance.port, instance.process.readiness)) === 200;
}

/** After a restart: says when the process answers ready again. */
async function announceReady(instance: Instance, pid: number | undefined): Promise<void> {
  while (!stopping && supervisors.get(instance.label)?.pid === pid) {
    if (await isReady(instance)) return say(`${instance.label} is ready again (pid ${pid})`);
    await sleep(250);
  }
}

async function waitUntilReady(timeoutMs: number): Promise<Instance[]> {
  const deadline = Date.now() + timeoutMs;
  let waiting = instances;
  while (waiting.length > 0 && Date.now() < deadline && !stopping) {
    await sleep(250);
    const ready = await Promise.all(waiting.map(isReady));
    waiting = waiting.filter((_, i) => !ready[i]);
  }
  return waiting;
}

/** Stops everything in dependency order, then exits with `exitCode`. */
function stopAll(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    for (const tier of stopOrder(instances)) {
      const running = tier.map((i) => supervisors.get(i.label)).filter((s) => s !== undefined);
      if (running.length === 0) continue;
      say(`stopping ${running.map((s) => s.name).join(', ')}`);
      await Promise.all(running.map((s) => s.stop(STOP_GRACE_MS)));
    }
    await Promise.all([...balancers.map((b) => b.close()), ...[...funnels.values()].map((f) => f.funnel.close())]);
    if (mongo?.pid) say('stopping FerretDB');
    await mongo?.stop();
    say('stopped');
    process.exit(exitCode);
  })();
  return stopping;
}

// SIGHUP: the terminal closed; its processes, in groups of their own, do not get it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) say(`${signal}: stopping every process`);
    void stopAll(128 + os.constants.signals[signal]);
  });
}

let dataLock: Exclude<ReturnType<typeof lockDataDir>, { heldBy: unknown }> | undefined;

/**
 * Takes the data folder for this run (another `npm start` on it is refused)
 * and stops the FerretDB of an earlier run that was killed before it could;
 * returns FerretDB's data directory in it.
 */
async function takeDataDir(): Promise<string> {
  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
  const lock = lockDataDir(dir, 'start');
  if ('heldBy' in lock) {
    say(
      `${shownDir(dir)} is in use by another \`npm start\` (pid ${lock.heldBy.pid}); stop that one first, or set START_DATA_DIR to another folder.`,
    );
    process.exit(1);
  }
  dataLock = lock;
  await stopLeftoverFerretDb(dir, lock.stale, say);
  return ferretDbDataDir(dir);
}

async function main(): Promise<void> {
  const ports = systemPorts(processes, replicas);
  const taken = (await Promise.all(ports.map(async (p) => ((await probeTcp('127.0.0.1', p.port, 300)) ? p : undefined)))).filter(Boolean);
  if (taken.length > 0) {
    say(
      `port(s) already in use: ${taken.map((p) => `${p!.port} (${p!.name})`).join(', ')} — is another \`npm start\` running? Set START_PORT_BASE to move every port.`,
    );
    process.exit(1);
  }
  const ferretDataDir = process.env['MONGODB_URI'] ? undefined : await takeDataDir();
  const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb({ dataDir: ferretDataDir })]);
  mongo = ferret;
  if (ferretDataDir) {
    dataLock?.update({ ferretdbPid: ferret.pid });
    say(`data kept in ${shownDir(path.dirname(ferretDataDir))} between starts (\`npm run reset\` deletes it)`);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env['NODE_ENV'] ?? 'development',
    MONGODB_URI: ferret.uri,
    AMQP_URL: process.env['AMQP_URL'] || DEFAULT_AMQP_URL,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
    PATH: [path.join(ROOT, 'node_modules', '.bin'), process.env['PATH']].join(path.delimiter),
  };
  const keys = await assertionKeys();
  // The web app the gateway serves. START_WEB_BUILD=reuse serves the one already built: the browser tests run
  // on the build turbo made once for the whole test run, since rebuilding would pull it from under the gateway's tests.
  if (process.env['START_WEB_BUILD'] !== 'reuse' || !existsSync(path.join(PUBLIC_DIR, 'index.html'))) await buildPortalPlugin();
  const sso = demoSso(processes);
  // The directory seeds the demo agencies and accounts (development only); the gateway and the
  // development identity provider get the portals, the services' URLs and the zones.
  // The services that read the directory find it wherever the port base put it; approval seeds demo flows.
  const directoryUrl = `http://127.0.0.1:${processes.find((p) => p.name === 'directory')!.port}`;
  const own = (p: SystemProcess): NodeJS.ProcessEnv => {
    switch (p.name) {
      case 'directory':
        return { DIRECTORY_SEED_DEMO: 'true' };
      case 'approval':
        return { DIRECTORY_URL: directoryUrl, APPROVAL_SEED_DEMO: 'true' };
      case 'leave':
        // Quotes (試算) ask approval for the route a draft would take.
        return { DIRECTORY_URL: directoryUrl, APPROVAL_URL: `http://127.0.0.1:${processes.find((q) => q.name === 'approval')!.port}` };
      case 'punch-card-ingest':
        // Cards (卡檔上傳) and the person's 班別 for the daily result are the directory's; the demo agencies' card-file formats are seeded.
        return { DIRECTORY_URL: directoryUrl, PUNCH_SEED_DEMO: 'true' };
      case 'notification':
        // Mail goes to the development mailbox; its deep links sign in through each agency's demo portal.
        return {
          DIRECTORY_URL: directoryUrl,
          // The daily digest reads the cases waiting for approvers and yesterday's attendance anomalies.
          APPROVAL_URL: `http://127.0.0.1:${processes.find((q) => q.name === 'approval')!.port}`,
          PUNCH_CARD_INGEST_URL: `http://127.0.0.1:${processes.find((q) => q.name === 'punch-card-ingest')!.port}`,
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          PUBLIC_URL: sso.gateway['PUBLIC_URL']!,
          NOTIFICATION_PORTALS: JSON.stringify(demoPortalOfAgency()),
        };
      case 'mailbox':
        return { MAILBOX_SMTP_PORT: String(smtpPort) };
      case 'gateway':
        return sso.gateway;
      case 'identity-provider':
        return sso.identityProvider;
      default:
        return {};
    }
  };
  if (stopping) return;
  for (const p of balanced) {
    const balancer = new RoundRobinBalancer(instances.filter((i) => i.process === p).map((i) => i.port));
    await balancer.listen(p.port, '127.0.0.1');
    balancers.push(balancer);
  }
  // FerretDB keeps an update of one document atomic only within one connection: the instances of a process share one.
  if (balanced.length > 0 && (ferretDataDir || (await servesFerretDb(ferret.uri)))) {
    const ferretUrl = new URL(ferret.uri);
    for (const p of balanced) {
      const funnel = new MongoFunnel({ host: ferretUrl.hostname, port: Number(ferretUrl.port) });
      const port = await funnel.listen();
      funnels.set(p.name, { funnel, uri: Object.assign(new URL(ferret.uri), { port: String(port) }).href });
    }
  }
  // Instances of one process share its name, signing key and database: to the others they are one service.
  for (const instance of instances) {
    const p = instance.process;
    supervise(instance, {
      ...env,
      ...own(p),
      ...(funnels.has(p.name) ? { MONGODB_URI: funnels.get(p.name)!.uri } : {}),
      ASSERTION_PRIVATE_KEY: keys.privateKeys.get(p.name),
      ASSERTION_TRUSTED_KEYS: keys.trusted,
    });
  }
  // Several instances on two cores take longer to load.
  const readyWithinMs = 90_000 * replicas;
  const late = await waitUntilReady(readyWithinMs);
  if (stopping) return;
  if (late.length > 0) {
    say(`not ready after ${readyWithinMs / 1000} s: ${late.map((i) => i.label).join(', ')}`);
    return stopAll(1);
  }
  const gateway = processes.find((p) => p.name === 'gateway')!;
  console.log(
    [
      '',
      '  WebITR is running.',
      `  Open  http://127.0.0.1:${gateway.port}/`,
      '',
      ...demoAccountLines(`http://127.0.0.1:${gateway.port}`),
      '',
      `  Mailbox: http://127.0.0.1:${processes.find((p) => p.name === 'mailbox')!.port}/  (every mail the system sent; SMTP on port ${smtpPort})`,
      '',
      ...instances.map(
        (i) =>
          `  ${i.label.padEnd(20)} ${`http://127.0.0.1:${i.port}${i.process.readiness}`.padEnd(31)} pid ${supervisors.get(i.label)?.pid}`,
      ),
      ...(balanced.length
        ? ['', `  ${replicas} instances of each, in turn behind ${balanced.map((p) => `${p.name} :${p.port}`).join(', ')}`]
        : []),
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  say('ready');
  if (untilReady) await stopAll(0);
}

await main().catch((err: unknown) => {
  say(`could not start: ${(err as Error).stack ?? String(err)}`);
  return stopAll(1);
});
