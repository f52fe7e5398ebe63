// `npm run bench:gateway`: what the gateway costs. The same trivial service
// endpoint is loaded twice with autocannon, same connections and duration:
// once directly (with a valid assertion, as the gateway would send) and once
// through the gateway with a signed-in session (session, zone, person cache,
// entitlement, a fresh ES256 assertion, the proxy hop). Prints requests/s and
// p50/p99 latency for both and their ratio. One run; not a test.
//
// Env: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10), BENCH_PROFILE=<dir>
// (a CPU profile of the gateway), BENCH_EXPLORE=1 (also load the gateway's own
// /healthz, /api/portals and /api/me, and the service's /healthz).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { AssertionSigner, databaseName, generateIssuerKeys } from '@webitr/platform';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { cleanupNamespace } from '@webitr/testkit';
import { Browser } from '../gateway/test/support/browser.ts';
import { signIn } from '../gateway/test/support/flows.ts';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ROOT, ensureFerretDb, ensureRabbitMQ, ensureRedis, freePort } from './lib/infra.ts';
import { demoSso } from './lib/demo.ts';
import type { SystemProcess } from './lib/system.ts';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const say = (message: string) => console.log(`[bench] ${message}`);
const children: ChildProcess[] = [];

/** Start a process on a known port; wait until its /healthz answers. */
async function start(name: string, entry: string, port: number, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [path.join(ROOT, entry)], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})\n${stderr}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return url;
    if (Date.now() > deadline) throw new Error(`${name} did not start within 60 s\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function load(url: string, headers: Record<string, string>): Promise<Result> {
  // A short warm-up (JIT, keep-alive pools, caches), then the measured run.
  await autocannon({ url, headers, connections, duration: 2 });
  return autocannon({ url, headers, connections, duration: seconds });
}

async function main(): Promise<void> {
  const namespace = `bench-${randomBytes(3).toString('hex')}`;
  const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
  process.env['MONGODB_URI'] = ferret.uri;
  await buildPortalPlugin();
  const ports = { gateway: await freePort(), 'identity-provider': await freePort(), directory: await freePort(), leave: await freePort() };
  const processes = (['gateway', 'identity-provider', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification'] as const).map(
    (name): SystemProcess => ({ name, entry: '', port: (ports as Record<string, number>)[name] ?? 9, readiness: '/readyz' }),
  );
  const sso = demoSso(processes);
  const gatewayKeys = await generateIssuerKeys();
  const directoryKeys = await generateIssuerKeys();
  const trusted = JSON.stringify({ gateway: gatewayKeys.publicJwk, directory: directoryKeys.publicJwk });
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    MONGODB_URI: ferret.uri,
    AMQP_URL: process.env['AMQP_URL'] || DEFAULT_AMQP_URL,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
    WEBITR_NAMESPACE: namespace,
    ASSERTION_TRUSTED_KEYS: trusted,
  };
  try {
    say('starting the directory, the identity provider, a trivial service and the gateway');
    const [directoryUrl, , serviceUrl] = await Promise.all([
      start('directory', 'services/directory/src/main.ts', ports.directory, { ...base, DIRECTORY_SEED_DEMO: 'true', ASSERTION_PRIVATE_KEY: JSON.stringify(directoryKeys.privateJwk) }),
      start('identity-provider', 'gateway/src/dev-idp/main.ts', ports['identity-provider'], { ...base, ...sso.identityProvider }),
      start('service', 'scripts/bench/trivial-service.ts', ports.leave, { ...base, SERVICE: 'leave' }),
    ]);
    // Both sides log at warn: no access log lines on either path.
    const profile = process.env['BENCH_PROFILE'] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_PROFILE']}` } : {};
    const gatewayUrl = await start('gateway', 'gateway/src/main.ts', ports.gateway, { ...base, ...sso.gateway, ASSERTION_PRIVATE_KEY: JSON.stringify(gatewayKeys.privateJwk), ...profile });
    say(`directory ${directoryUrl}, service ${serviceUrl}, gateway ${gatewayUrl}`);

    const browser = new Browser();
    const { final } = await signIn(browser, gatewayUrl, 'teacher');
    if (final.status !== 200) throw new Error(`sign-in failed: ${final.status} ${final.body.slice(0, 200)}`);
    const cookie = await browser.jar.getCookieString(gatewayUrl);
    const check = await browser.request(`${gatewayUrl}/api/leave/ping`);
    if (check.status !== 200) throw new Error(`through the gateway: ${check.status} ${check.body}`);

    say(`${connections} connections, ${seconds} s each, after a 2 s warm-up`);
    const assertion = await new AssertionSigner('gateway', gatewayKeys.privateJwk).sign(
      { kind: 'person', sub: 'bench', agencyId: 'KH-GUANGHUA-ES', roles: [], zone: 'intranet', rid: 'bench', cid: 'bench' },
      'leave',
    );
    if (process.env['BENCH_EXPLORE']) {
      for (const [name, target, headers] of [['gw healthz', `${gatewayUrl}/healthz`, {}], ['gw portals', `${gatewayUrl}/api/portals`, {}], ['gw me', `${gatewayUrl}/api/me`, { cookie }], ['svc healthz', `${serviceUrl}/healthz`, {}]] as const) {
        const r = await autocannon({ url: target, headers, connections, duration: 4 });
        say(`${name}: ${r.requests.average.toFixed(0)} req/s p50 ${r.latency.p50} ms`);
      }
    }
    const direct = await load(`${serviceUrl}/ping`, { 'x-webitr-assertion': assertion });
    const gateway = await load(`${gatewayUrl}/api/leave/ping`, { cookie });
    for (const [name, r] of [['direct', direct], ['gateway', gateway]] as const) {
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
    }
    const row = (name: string, r: Result) => `  ${name.padEnd(8)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   (${r.requests.total} requests)`;
    const ratio = gateway.requests.average / direct.requests.average;
    const added = gateway.latency.p50 - direct.latency.p50;
    console.log(
      [
        '',
        '  GET of a trivial service endpoint, directly vs through the gateway (signed-in session)',
        row('direct', direct),
        row('gateway', gateway),
        `  throughput ratio ${(ratio * 100).toFixed(1)}% (goal ≥ 70%), added p50 ${added} ms (goal ≤ 1 ms)`,
        '',
      ].join('\n'),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await cleanupNamespace({ namespace, consumers: ['gateway', 'directory'], databases: [databaseName('gateway', namespace), databaseName('directory', namespace)] }).catch(() => undefined);
    await ferret.stop();
  }
}

await main();
