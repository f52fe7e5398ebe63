// `npm start`: the whole system on this machine — every service, the gateway,
// Redis, RabbitMQ and MongoDB (FerretDB unless MONGODB_URI is set) — with
// readable logs, until Ctrl-C.
//
// Environment: MONGODB_URI, AMQP_URL, REDIS_URL point at real infrastructure;
// START_PORT_BASE moves every port (gateway = base, the development identity
// provider = base+1, services = base+11…);
// LOG_FORMAT=json prints the services' JSON log lines as they are.
// `--until-ready` exits 0 once everything is ready (used by the smoke test).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateIssuerKeys } from '@webitr/platform';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ROOT, ensureFerretDb, ensureRabbitMQ, ensureRedis, probeTcp } from './lib/infra.ts';
import type { MongoHandle } from './lib/infra.ts';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { demoAccountLines, demoSso } from './lib/demo.ts';
import { entryPath, systemProcesses } from './lib/system.ts';
import type { SystemProcess } from './lib/system.ts';

const untilReady = process.argv.includes('--until-ready');
const portBase = Number(process.env['START_PORT_BASE'] ?? 3000);
const jsonLogs = process.env['LOG_FORMAT'] === 'json';
const processes = systemProcesses(portBase);
const children = new Map<string, ChildProcess>();
let mongo: MongoHandle | undefined;
let stopping: Promise<void> | undefined;

const say = (message: string) => console.log(`[start] ${message}`);

const LEVEL_LABEL: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' };

/** One pino JSON line as `12:00:01 INFO  [leave] message key=value`. */
function pretty(name: string, line: string): string {
  if (jsonLogs) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `[${name}] ${line}`;
  }
  const { time, level, msg, service: _service, module, requestId, correlationId: _c, req, res, reqId: _r, responseTime, err, ...rest } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const http = req && res ? `${(req as { method: string }).method} ${(req as { url: string }).url} ${(res as { statusCode: number }).statusCode} ${responseTime}ms` : '';
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const error = err ? ` ${(err as { stack?: string; message?: string }).stack ?? (err as { message?: string }).message}` : '';
  return [clock, LEVEL_LABEL[String(level)] ?? String(level), `[${name}${module ? `/${module}` : ''}]`, msg, http, ...extra, requestId ? `req=${requestId}` : '']
    .filter(Boolean)
    .join(' ') + error;
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

function launch(p: SystemProcess, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [entryPath(p)], { cwd: ROOT, env: { ...env, PORT: String(p.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => console.log(pretty(p.name, line)));
  }
  child.once('exit', (code, signal) => {
    children.delete(p.name);
    if (!stopping) {
      say(`${p.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything`);
      void stopAll(1);
    }
  });
  children.set(p.name, child);
  return child;
}

async function isReady(p: SystemProcess): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${p.port}${p.readiness}`, { signal: AbortSignal.timeout(3_000) })).ok;
  } catch {
    return false;
  }
}

async function waitUntilReady(timeoutMs: number): Promise<SystemProcess[]> {
  const deadline = Date.now() + timeoutMs;
  let waiting = processes;
  while (waiting.length > 0 && Date.now() < deadline && !stopping) {
    await sleep(250);
    const ready = await Promise.all(waiting.map(isReady));
    waiting = waiting.filter((_, i) => !ready[i]);
  }
  return waiting;
}

function stopAll(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    const running = [...children.values()];
    await Promise.all(
      running.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => (clearTimeout(timer), resolve()));
            child.kill('SIGTERM');
          }),
      ),
    );
    await mongo?.stop();
    process.exit(exitCode);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping every process`);
    void stopAll(128 + os.constants.signals[signal]);
  });
}

async function main(): Promise<void> {
  const taken = (await Promise.all(processes.map(async (p) => ((await probeTcp('127.0.0.1', p.port, 300)) ? p : undefined)))).filter(Boolean);
  if (taken.length > 0) {
    say(`port(s) already in use: ${taken.map((p) => `${p!.port} (${p!.name})`).join(', ')} — is another \`npm start\` running? Set START_PORT_BASE to move every port.`);
    process.exit(1);
  }
  const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
  mongo = ferret;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env['NODE_ENV'] ?? 'development',
    MONGODB_URI: ferret.uri,
    AMQP_URL: process.env['AMQP_URL'] || DEFAULT_AMQP_URL,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
    PATH: [path.join(ROOT, 'node_modules', '.bin'), process.env['PATH']].join(path.delimiter),
  };
  const keys = await assertionKeys();
  // The web app the gateway serves.
  await buildPortalPlugin();
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
      case 'gateway':
        return sso.gateway;
      case 'identity-provider':
        return sso.identityProvider;
      default:
        return {};
    }
  };
  for (const p of processes) launch(p, { ...env, ...own(p), ASSERTION_PRIVATE_KEY: keys.privateKeys.get(p.name), ASSERTION_TRUSTED_KEYS: keys.trusted });
  const late = await waitUntilReady(90_000);
  if (stopping) return;
  if (late.length > 0) {
    say(`not ready after 90 s: ${late.map((p) => p.name).join(', ')}`);
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
      ...processes.map((p) => `  ${p.name.padEnd(18)} http://127.0.0.1:${p.port}${p.readiness}`),
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  say('ready');
  if (untilReady) await stopAll(0);
}

await main();
