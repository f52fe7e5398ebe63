// `npm run bench:gateway`: what the gateway costs. The same trivial service
// endpoint is loaded three ways with autocannon, same connections and
// duration: directly (with a valid assertion, as the gateway would send);
// through a bare node:http proxy with no logic at all (scripts/bench/bare-proxy.ts,
// the ceiling: what one extra HTTP hop costs on this machine); and through the
// gateway with a signed-in session (session, zone, person cache, entitlement,
// the assertion, the proxy hop). Prints requests/s and p50/p99 latency for
// each, the ratios to the direct line, and the CPU each process spent per
// request (Linux). Not a test.
//
// Env: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10), BENCH_ROUNDS
// (default 1: the three phases again, interleaved, for a noisy machine),
// BENCH_PROFILE=<dir> (a CPU profile of the gateway), BENCH_EXPLORE=1 (also load
// the gateway's own /healthz, /api/portals and /api/me, and the service's /healthz).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
const rounds = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 1));
const say = (message: string) => console.log(`[bench] ${message}`);
const children: ChildProcess[] = [];

const pids = new Map<string, number>();

/** Start a process on a known port; wait until its /healthz answers. */
async function start(name: string, entry: string, port: number, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  pids.set(name, child.pid!);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})\n${stderr}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return url;
    if (Date.now() > deadline) throw new Error(`${name} did not start within 60 s\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux only). */
function cpuSeconds(pid: number): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Redis is shared with the rest of the machine; its CPU is shown for what it is worth. */
function redisPids(): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'redis-server';
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface Phase {
  result: Result;
  /** CPU microseconds per request, by process. */
  cpu: Record<string, number>;
}

async function load(url: string, headers: Record<string, string>, processes: string[]): Promise<Phase> {
  // A short warm-up (JIT, keep-alive pools, caches), then the measured run.
  await autocannon({ url, headers, connections, duration: 2 });
  const redis = redisPids();
  const sample = () => ({
    ...Object.fromEntries(processes.map((name) => [name, cpuSeconds(pids.get(name)!) ?? NaN])),
    autocannon: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    redis: redis.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
  });
  const before: Record<string, number> = sample();
  const result = await autocannon({ url, headers, connections, duration: seconds });
  const after: Record<string, number> = sample();
  const cpu = Object.fromEntries(
    Object.keys(after).map((name) => [name, ((after[name]! - before[name]!) * 1e6) / Math.max(1, result.requests.total)]),
  );
  return { result, cpu };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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
      start('directory', 'services/directory/src/main.ts', ports.directory, {
        ...base,
        DIRECTORY_SEED_DEMO: 'true',
        ASSERTION_PRIVATE_KEY: JSON.stringify(directoryKeys.privateJwk),
      }),
      start('identity-provider', 'dev/identity-provider/src/main.ts', ports['identity-provider'], { ...base, ...sso.identityProvider }),
      start('service', 'scripts/bench/trivial-service.ts', ports.leave, { ...base, SERVICE: 'leave' }),
    ]);
    // Both sides log at warn: no access log lines on either path.
    const profile = process.env['BENCH_PROFILE'] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_PROFILE']}` } : {};
    const gatewayUrl = await start('gateway', 'gateway/src/main.ts', ports.gateway, {
      ...base,
      ...sso.gateway,
      ASSERTION_PRIVATE_KEY: JSON.stringify(gatewayKeys.privateJwk),
      ...profile,
    });
    say(`directory ${directoryUrl}, service ${serviceUrl}, gateway ${gatewayUrl}`);

    const browser = new Browser();
    const { final } = await signIn(browser, gatewayUrl, 'teacher');
    if (final.status !== 200) throw new Error(`sign-in failed: ${final.status} ${final.body.slice(0, 200)}`);
    const cookie = await browser.jar.getCookieString(gatewayUrl);
    const check = await browser.request(`${gatewayUrl}/api/leave/home/counts`);
    if (check.status !== 200) throw new Error(`through the gateway: ${check.status} ${check.body}`);

    const bareUrl = await start('bare-proxy', 'scripts/bench/bare-proxy.ts', await freePort(), { ...base, TARGET: serviceUrl });
    say(`bare proxy (the ceiling) ${bareUrl}`);

    say(`${connections} connections, ${seconds} s each, after a 2 s warm-up${rounds > 1 ? `, ${rounds} rounds` : ''}`);
    // The benchmark's own assertion (direct and bare-proxy lines), as the gateway would send it: asked for
    // before each phase; it lives longer than a phase, so the direct line pays one verification per request, as every service does.
    const signer = new AssertionSigner('gateway', gatewayKeys.privateJwk);
    const assertion = () => signer.sign({ kind: 'person', sub: 'bench', agencyId: 'KH-GUANGHUA-ES', roles: [], zone: 'intranet' }, 'leave');
    if (process.env['BENCH_EXPLORE']) {
      for (const [name, target, headers] of [
        ['gw healthz', `${gatewayUrl}/healthz`, {}],
        ['gw portals', `${gatewayUrl}/api/portals`, {}],
        ['gw me', `${gatewayUrl}/api/me`, { cookie }],
        ['svc healthz', `${serviceUrl}/healthz`, {}],
      ] as const) {
        const r = await autocannon({ url: target, headers, connections, duration: 4 });
        say(`${name}: ${r.requests.average.toFixed(0)} req/s p50 ${r.latency.p50} ms`);
      }
    }
    const lines = ['direct', 'bare proxy', 'gateway'] as const;
    const phases: Record<(typeof lines)[number], Phase[]> = { direct: [], 'bare proxy': [], gateway: [] };
    for (let round = 0; round < rounds; round++) {
      phases.direct.push(await load(`${serviceUrl}/home/counts`, { 'x-webitr-assertion': await assertion() }, ['service']));
      phases['bare proxy'].push(
        await load(`${bareUrl}/api/leave/home/counts`, { 'x-webitr-assertion': await assertion() }, ['bare-proxy', 'service']),
      );
      phases.gateway.push(await load(`${gatewayUrl}/api/leave/home/counts`, { cookie }, ['gateway', 'service']));
      for (const name of lines) {
        const r = phases[name].at(-1)!.result;
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      }
    }

    const us = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '?' : value.toFixed(0));
    // autocannon's latency histogram counts whole milliseconds; in a closed loop the mean latency is also
    // connections ÷ requests per second (Little's law), which resolves fractions of a millisecond.
    const meanMs = (r: Result) => (connections / r.requests.average) * 1000;
    const row = (name: string, { result: r, cpu }: Phase) =>
      `  ${name.padEnd(10)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   mean ${meanMs(r).toFixed(2).padStart(5)} ms   ` +
      `CPU µs/request: ${Object.entries(cpu)
        .map(([p, v]) => `${p} ${us(v)}`)
        .join(', ')}`;
    const out = [
      '',
      '  GET of a trivial service endpoint: directly, through a bare node:http proxy (the ceiling), through the gateway (signed-in session)',
      `  ${connections} connections; p50/p99 in whole ms (autocannon); mean = connections ÷ req/s; CPU per request from /proc (redis: the machine's, shared)`,
    ];
    const ratios: { ceiling: number; gateway: number; ofCeiling: number; added: number; addedMean: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      const [direct, bare, gateway] = lines.map((name) => phases[name][round]!);
      if (rounds > 1) out.push(`  round ${round + 1}`);
      out.push(row('direct', direct!), row('bare proxy', bare!), row('gateway', gateway!));
      const d = direct!.result;
      const ratio = {
        ceiling: bare!.result.requests.average / d.requests.average,
        gateway: gateway!.result.requests.average / d.requests.average,
        ofCeiling: gateway!.result.requests.average / bare!.result.requests.average,
        added: gateway!.result.latency.p50 - d.latency.p50,
        addedMean: meanMs(gateway!.result) - meanMs(d),
      };
      ratios.push(ratio);
      out.push(
        `  ceiling (bare proxy) ${(ratio.ceiling * 100).toFixed(1)}% of direct, added p50 ${bare!.result.latency.p50 - d.latency.p50} ms, added mean ${(meanMs(bare!.result) - meanMs(d)).toFixed(2)} ms`,
        `  gateway: throughput ratio ${(ratio.gateway * 100).toFixed(1)}% (goal ≥ 70%; ${(ratio.ofCeiling * 100).toFixed(1)}% of the ceiling), added p50 ${ratio.added} ms (goal ≤ 1 ms), added mean ${ratio.addedMean.toFixed(2)} ms`,
      );
    }
    if (rounds > 1) {
      const m = (key: keyof (typeof ratios)[number]) => median(ratios.map((r) => r[key]));
      out.push(
        `  median of ${rounds} rounds: ceiling ${(m('ceiling') * 100).toFixed(1)}%, gateway ${(m('gateway') * 100).toFixed(1)}% (${(m('ofCeiling') * 100).toFixed(1)}% of the ceiling), added p50 ${m('added')} ms, added mean ${m('addedMean').toFixed(2)} ms`,
      );
    }
    console.log([...out, ''].join('\n'));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await cleanupNamespace({
      namespace,
      consumers: ['gateway', 'directory'],
      databases: [databaseName('gateway', namespace), databaseName('directory', namespace)],
    }).catch(() => undefined);
    await ferret.stop();
  }
}

await main();
