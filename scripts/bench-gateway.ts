// `npm run bench:gateway`: what the gateway costs, side by side in one run.
//
// The same trivial service endpoint (the bell's unread count, a service built
// like every service: an assertion verified on every call) is loaded with
// autocannon, same connections and duration, four ways: directly (with a
// valid assertion, as the gateway would send); through a bare node:http proxy
// with no logic at all (scripts/bench/bare-proxy.ts: what one extra HTTP hop
// costs on this machine, the line the goals are measured against); through
// the gateway with a signed-in session; and through oauth2-proxy (the
// best-known OIDC authenticating proxy, a peer: a client of the same
// development identity provider, sessions in Redis, the same service behind
// it). Then the home page's real calls (/api/me, the counts, the week) through
// the gateway and the same service calls made directly, against the real
// leave, approval and punch-card-ingest services.
//
// Prints requests/s, p50/p99, the mean latency and the CPU each process spent
// per request (Linux /proc), the figures of the goals (issue 18: against the
// bare proxy in the same round), the ratios to direct and to oauth2-proxy,
// and the load average beside each round: the machine is shared. Not a test.
//
// Env: BENCH_SECONDS (default 10), BENCH_WARMUP (seconds before each measured
// run, default 2), BENCH_CONNECTIONS (default 10), BENCH_ROUNDS
// (default 1: the lines again, interleaved; the goals are read on the median of
// 3), BENCH_PROFILE=<dir> (a CPU profile of the gateway), BENCH_EXPLORE=1 (also
// load the gateway's own /healthz, /api/portals and /api/me, and the service's
// /healthz), BENCH_PERF=1 (the gateway runs with --perf-basic-prof, for `perf
// record -p <pid>`: CPU-time samples, where a V8 profile on a loaded machine
// counts wall time), BENCH_OAUTH2_PROXY=0 (leave the peer line out).
//
// oauth2-proxy is built once with `go install` from the Go module proxy
// (nothing else is fetched: no prebuilt binary) into .cache/bin; when it cannot
// be built, its line says why and the rest still runs.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { notificationRoutes } from '@webitr/contracts';
import type { PersonIdentity } from '@webitr/contracts';
import { AssertionIssuer, createRedis, createLogger, databaseName, generateIssuerKeys } from '@webitr/platform';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { cleanupNamespace } from '@webitr/testkit';
import { Browser } from '../gateway/test/support/browser.ts';
import { signIn, submitLogin } from '../gateway/test/support/flows.ts';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ROOT, ensureFerretDb, ensureRabbitMQ, ensureRedis, freePort } from './lib/infra.ts';
import { benchSso } from './lib/demo.ts';
import { goInstall, type GoTool } from './lib/go-tools.ts';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const rounds = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 1));
/** Seconds of load before each measured run: on a loaded machine the gateway's code needs longer to be optimised than a bare proxy's. */
const warmup = Math.max(1, Number(process.env['BENCH_WARMUP'] ?? 2));
const withPeer = process.env['BENCH_OAUTH2_PROXY'] !== '0';
const say = (message: string) => console.log(`[bench] ${message}`);
const load1 = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const children: ChildProcess[] = [];
const pids = new Map<string, number>();

// The goals (issue 18), against the bare proxy in the same round, on the median of the rounds; and against the peer.
const GOALS = { ofBare: 0.85, addedP50Ms: 1, cpuOfBare: 1.4, ofPeer: 1.3, cpuOfPeer: 0.8 };

const OAUTH2_PROXY: GoTool = { module: 'github.com/oauth2-proxy/oauth2-proxy/v7', version: 'v7.15.6', binary: 'oauth2-proxy' };

/** Start a process on a known port; wait until `ready` answers 200. */
async function start(
  name: string,
  command: { entry: string } | { bin: string; args: string[] },
  port: number,
  env: NodeJS.ProcessEnv,
  ready = '/healthz',
): Promise<string> {
  const [file, args] = 'entry' in command ? [process.execPath, [path.join(ROOT, command.entry)]] : [command.bin, command.args];
  const child = spawn(file, args, { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  pids.set(name, child.pid!);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})\n${stderr}`);
    const ok = await fetch(`${url}${ready}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return url;
    if (Date.now() > deadline) throw new Error(`${name} did not start within 90 s\n${stderr}`);
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

/** The CPU each named process (and this one, and Redis) spends while `work` runs, per unit `work` reports. */
async function measured<T extends { units: number }>(
  processes: string[],
  work: () => Promise<T>,
): Promise<T & { cpu: Record<string, number> }> {
  const redis = redisPids();
  const sample = () => ({
    ...Object.fromEntries(processes.map((name) => [name, cpuSeconds(pids.get(name)!) ?? NaN])),
    client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    redis: redis.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
  });
  const before: Record<string, number> = sample();
  const result = await work();
  const after: Record<string, number> = sample();
  const cpu = Object.fromEntries(
    Object.keys(after).map((name) => [name, ((after[name]! - before[name]!) * 1e6) / Math.max(1, result.units)]),
  );
  return { ...result, cpu };
}

interface Phase {
  result: Result;
  /** CPU microseconds per request, by process. */
  cpu: Record<string, number>;
  /** Load average (1, 5, 15 min) when the phase ended. */
  load: string;
  note?: string;
}

/** `count`: something to count before and after the measured run (the service's connections), per request. */
async function load(
  url: string,
  headers: Record<string, string>,
  processes: string[],
  count?: () => Promise<number>,
): Promise<Phase & { counted?: number }> {
  // A short warm-up (JIT, keep-alive pools, caches), then the measured run.
  await autocannon({ url, headers, connections, duration: warmup });
  const first = await count?.();
  const { result, cpu } = await measured(processes, async () => {
    const result = await autocannon({ url, headers, connections, duration: seconds });
    return { result, units: result.requests.total };
  });
  const counted = first === undefined ? undefined : ((await count!()) - first) / Math.max(1, result.requests.total);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { result, cpu, load: load1(), ...(counted === undefined ? {} : { counted }) };
}

// ------------------------------------------------------------------ oauth2-proxy ----

/** Signed in at oauth2-proxy through the identity provider (the code flow, PKCE): its session cookie. */
async function oauth2ProxySession(url: string): Promise<string> {
  const browser = new Browser();
  const { final: page } = await browser.follow(`${url}/oauth2/start?rd=${encodeURIComponent(notificationRoutes.unreadCount.path)}`, {
    headers: { accept: 'text/html' },
  });
  if (page.status !== 200) throw new Error(`oauth2-proxy sign-in: ${page.status} ${page.body.slice(0, 200)}`);
  await submitLogin(browser, page, 'teacher');
  const cookie = await browser.jar.getCookieString(url);
  if (!cookie) throw new Error('oauth2-proxy sign-in: no session cookie');
  return cookie;
}

// ------------------------------------------------------------------ the home page ----

/** The Monday and Sunday of this week in Taipei (the home page's week), as YYYY-MM-DD. */
function taipeiWeek(): { from: string; to: string } {
  const today = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Taipei' }));
  const monday = new Date(today);
  monday.setDate(today.getDate() - ((today.getDay() + 6) % 7));
  const sunday = new Date(monday);
  sunday.setDate(monday.getDate() + 6);
  const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { from: ymd(monday), to: ymd(sunday) };
}

interface Call {
  url: string;
  headers: Record<string, string>;
}

interface PagePhase {
  pages: number;
  pagesPerSecond: number;
  p50: number;
  p99: number;
  cpu: Record<string, number>;
  load: string;
}

const pageAgent = new Agent({ keepAlive: true, maxSockets: 256 });

function get({ url, headers }: Call, again = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: pageAgent }, (res) => {
      res.resume();
      res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`))));
    });
    // A kept-alive connection the server closed just as this request went out on it (its keep-alive timeout): once more.
    req.once('error', (err: NodeJS.ErrnoException) =>
      !again && req.reusedSocket && err.code === 'ECONNRESET' ? get({ url, headers }, true).then(resolve, reject) : reject(err),
    );
    req.end();
  });
}

/** `connections` people at once, each loading the page again and again: its calls at once, as the browser makes them. */
async function loadPages(calls: Call[], processes: string[]): Promise<PagePhase> {
  // Connections left idle since the last phase may be closing at the server's end: start afresh.
  pageAgent.destroy();
  const run = async (ms: number) => {
    const latencies: number[] = [];
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const began = performance.now();
          await Promise.all(calls.map((call) => get(call)));
          latencies.push(performance.now() - began);
        }
      }),
    );
    return latencies;
  };
  await run(warmup * 1000);
  let elapsed = 0;
  let latencies: number[] = [];
  const { cpu } = await measured(processes, async () => {
    const began = performance.now();
    latencies = await run(seconds * 1000);
    elapsed = performance.now() - began;
    return { units: latencies.length };
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { pages: latencies.length, pagesPerSecond: (latencies.length / elapsed) * 1000, p50: at(0.5), p99: at(0.99), cpu, load: load1() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const namespace = `bench-${randomBytes(3).toString('hex')}`;
  say(`load average at start: ${load1()} (1, 5, 15 min; ${os.cpus().length} cores)`);
  const peerBinary = withPeer ? goInstall(OAUTH2_PROXY, say) : Promise.resolve({ problem: 'left out (BENCH_OAUTH2_PROXY=0)' });
  const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
  process.env['MONGODB_URI'] = ferret.uri;
  if (ferret.pid) pids.set('ferretdb', ferret.pid);
  await buildPortalPlugin();
  const names = ['gateway', 'identity-provider', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification'] as const;
  const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const))) as Record<
    (typeof names)[number],
    number
  >;
  const sso = benchSso(ports);
  const keys = Object.fromEntries(
    await Promise.all(
      ['gateway', 'directory', 'leave', 'approval', 'punch-card-ingest'].map(async (n) => [n, await generateIssuerKeys()] as const),
    ),
  );
  const trusted = JSON.stringify(Object.fromEntries(Object.entries(keys).map(([name, k]) => [name, k.publicJwk])));
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
  const own = (name: string) => ({ ASSERTION_PRIVATE_KEY: JSON.stringify(keys[name]!.privateJwk) });
  const o2p = {
    port: await freePort(),
    clientId: 'bench-oauth2-proxy',
    secret: randomBytes(24).toString('base64url'),
    cookie: `_o2p_${namespace}`,
  };
  const idpClients = [
    ...(JSON.parse(sso.identityProvider['DEV_IDP_CLIENTS']!) as unknown[]),
    { client_id: o2p.clientId, client_secret: o2p.secret, redirect_uris: [`http://127.0.0.1:${o2p.port}/oauth2/callback`] },
  ];
  const directoryUrl = `http://127.0.0.1:${ports.directory}`;
  const approvalUrl = `http://127.0.0.1:${ports.approval}`;
  const redisUrl = base['REDIS_URL']!;
  try {
    say('starting the directory, the identity provider, leave, approval, punch-card-ingest, a trivial service and the gateway');
    const [, idpUrl, serviceUrl] = await Promise.all([
      start('directory', { entry: 'services/directory/src/main.ts' }, ports.directory, {
        ...base,
        DIRECTORY_SEED_DEMO: 'true',
        ...own('directory'),
      }),
      start('identity-provider', { entry: 'dev/identity-provider/src/main.ts' }, ports['identity-provider'], {
        ...base,
        ...sso.identityProvider,
        DEV_IDP_CLIENTS: JSON.stringify(idpClients),
      }),
      start('service', { entry: 'scripts/bench/trivial-service.ts' }, ports.notification, { ...base, SERVICE: 'notification' }),
    ]);
    const [leaveUrl, , punchUrl] = await Promise.all([
      start(
        'leave',
        { entry: 'services/leave/src/main.ts' },
        ports.leave,
        { ...base, DIRECTORY_URL: directoryUrl, APPROVAL_URL: approvalUrl, ...own('leave') },
        '/readyz',
      ),
      start(
        'approval',
        { entry: 'services/approval/src/main.ts' },
        ports.approval,
        { ...base, DIRECTORY_URL: directoryUrl, APPROVAL_SEED_DEMO: 'true', ...own('approval') },
        '/readyz',
      ),
      start(
        'punch-card-ingest',
        { entry: 'services/punch-card-ingest/src/main.ts' },
        ports['punch-card-ingest'],
        { ...base, DIRECTORY_URL: directoryUrl, ...own('punch-card-ingest') },
        '/readyz',
      ),
    ]);
    // Every process logs at warn: no access log lines on any path.
    const profile = process.env['BENCH_PROFILE']
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_PROFILE']}` }
      : process.env['BENCH_PERF']
        ? { NODE_OPTIONS: '--perf-basic-prof' }
        : {};
    const gatewayUrl = await start('gateway', { entry: 'gateway/src/main.ts' }, ports.gateway, {
      ...base,
      ...sso.gateway,
      ...own('gateway'),
      ...profile,
    });
    say(`gateway ${gatewayUrl}, trivial service ${serviceUrl}, leave ${leaveUrl}, approval ${approvalUrl}, punch-card-ingest ${punchUrl}`);

    const browser = new Browser();
    const { final } = await signIn(browser, gatewayUrl, 'teacher');
    if (final.status !== 200) throw new Error(`sign-in failed: ${final.status} ${final.body.slice(0, 200)}`);
    const cookie = await browser.jar.getCookieString(gatewayUrl);
    const unread = `/api/notifications${notificationRoutes.unreadCount.path}`;
    const check = await browser.request(`${gatewayUrl}${unread}`);
    if (check.status !== 200) throw new Error(`through the gateway: ${check.status} ${check.body}`);
    const me = (await browser.request(`${gatewayUrl}/api/me`)).json<{
      id: string;
      agency: { id: string };
      roles: PersonIdentity['roles'];
      network: { zone: string; address: string };
    }>();

    const bareUrl = await start('bare-proxy', { entry: 'scripts/bench/bare-proxy.ts' }, await freePort(), {
      ...base,
      TARGET: serviceUrl,
      PREFIX: '/api/notifications',
    });
    const peer = await peerBinary;
    let peerUrl: string | undefined;
    let peerProblem = 'problem' in peer ? peer.problem : undefined;
    if ('bin' in peer) {
      try {
        peerUrl = await start(
          'oauth2-proxy',
          {
            bin: peer.bin,
            args: [
              `--http-address=127.0.0.1:${o2p.port}`,
              '--provider=oidc',
              `--oidc-issuer-url=${idpUrl}`,
              `--client-id=${o2p.clientId}`,
              `--client-secret=${o2p.secret}`,
              `--redirect-url=http://127.0.0.1:${o2p.port}/oauth2/callback`,
              `--upstream=${serviceUrl}/`,
              `--cookie-secret=${randomBytes(16).toString('hex')}`,
              `--cookie-name=${o2p.cookie}`,
              '--cookie-secure=false',
              '--email-domain=*',
              '--scope=openid email profile',
              '--code-challenge-method=S256',
              '--session-store-type=redis',
              `--redis-connection-url=${redisUrl}`,
              '--skip-provider-button=true',
              // Logging off, as every other process here logs at warn.
              '--request-logging=false',
              '--auth-logging=false',
              '--standard-logging=false',
            ],
          },
          o2p.port,
          { ...process.env },
          '/ping',
        );
      } catch (error) {
        peerProblem = `did not start: ${(error as Error).message.split('\n').slice(0, 3).join(' / ')}`;
      }
    }
    say(`bare proxy ${bareUrl}${peerUrl ? `, oauth2-proxy ${OAUTH2_PROXY.version} ${peerUrl}` : `; oauth2-proxy: ${peerProblem}`}`);

    say(`${connections} connections, ${seconds} s each, after a ${warmup} s warm-up${rounds > 1 ? `, ${rounds} rounds` : ''}`);
    // The benchmark's own assertion (direct, bare-proxy and oauth2-proxy lines), as the gateway signs them: who, for
    // that service, no request ids. Signed before each phase, it outlives the phase, so the service verifies one on
    // every request, as it does behind the gateway.
    const issuer = new AssertionIssuer('gateway', keys['gateway']!.privateJwk);
    const { kind, sub, agencyId, roles, zone, ip }: PersonIdentity = {
      kind: 'person',
      sub: me.id,
      agencyId: me.agency.id,
      roles: me.roles,
      zone: me.network.zone,
      ip: me.network.address,
    };
    const assertion = (audience: string) => issuer.sign({ kind, sub, agencyId, roles, zone, ip }, audience, Math.floor(Date.now() / 1000));
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

    const week = taipeiWeek();
    const homeThroughGateway: Call[] = [
      '/api/me',
      '/api/leave/home/counts',
      '/api/approvals/inbox?limit=1',
      `/api/leave/records?from=${week.from}&to=${week.to}`,
      `/api/attendance/me/week?week=${week.from}`,
    ].map((p) => ({ url: `${gatewayUrl}${p}`, headers: { cookie } }));
    const direct = async (baseUrl: string, audience: string, p: string): Promise<Call> => ({
      url: `${baseUrl}${p}`,
      headers: { 'x-webitr-assertion': assertion(audience) },
    });
    const homeDirectly = async () => [
      await direct(leaveUrl, 'leave', '/home/counts'),
      await direct(approvalUrl, 'approval', '/inbox?limit=1'),
      await direct(leaveUrl, 'leave', `/records?from=${week.from}&to=${week.to}`),
      await direct(punchUrl, 'punch-card-ingest', `/me/week?week=${week.from}`),
    ];
    for (const call of [...homeThroughGateway, ...(await homeDirectly())]) await get(call);

    type Line = 'direct' | 'bare proxy' | 'gateway' | 'oauth2-proxy';
    const phases: Record<Line, Phase[]> = { direct: [], 'bare proxy': [], gateway: [], 'oauth2-proxy': [] };
    const home: { direct: PagePhase; gateway: PagePhase }[] = [];
    const services = ['leave', 'approval', 'punch-card-ingest', 'directory', 'ferretdb'].filter((n) => pids.has(n));
    for (let round = 0; round < rounds; round++) {
      say(`round ${round + 1}: load average ${load1()}`);
      phases.direct.push(
        await load(`${serviceUrl}${notificationRoutes.unreadCount.path}`, { 'x-webitr-assertion': assertion('notification') }, ['service']),
      );
      phases['bare proxy'].push(
        await load(`${bareUrl}${unread}`, { 'x-webitr-assertion': assertion('notification') }, ['bare-proxy', 'service']),
      );
      phases.gateway.push(await load(`${gatewayUrl}${unread}`, { cookie }, ['gateway', 'service']));
      if (peerUrl) {
        // A fresh session each round (its tokens live 10 minutes at the identity provider).
        const peerCookie = await oauth2ProxySession(peerUrl);
        const phase = await load(
          `${peerUrl}${notificationRoutes.unreadCount.path}`,
          { cookie: peerCookie, 'x-webitr-assertion': assertion('notification') },
          ['oauth2-proxy', 'service'],
          () => upstreamConnections(serviceUrl),
        );
        phase.note = `opens a new connection to the service for ${phase.counted!.toFixed(2)} of its requests (stock oauth2-proxy keeps 2 idle upstream connections per host)`;
        phases['oauth2-proxy'].push(phase);
      }
      const gatewayPage = await loadPages(homeThroughGateway, ['gateway', ...services]);
      const directPage = await loadPages(await homeDirectly(), services);
      home.push({ direct: directPage, gateway: gatewayPage });
    }

    const us = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '?' : value.toFixed(0));
    // autocannon's latency histogram counts whole milliseconds; in a closed loop the mean latency is also
    // connections ÷ requests per second (Little's law), which resolves fractions of a millisecond.
    const meanMs = (r: Result) => (connections / r.requests.average) * 1000;
    const cpuText = (cpu: Record<string, number>) =>
      Object.entries(cpu)
        .map(([p, v]) => `${p} ${us(v)}`)
        .join(', ');
    const row = (name: string, { result: r, cpu, load, note }: Phase) =>
      `  ${name.padEnd(12)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   mean ${meanMs(r).toFixed(2).padStart(5)} ms   ` +
      `CPU µs/request: ${cpuText(cpu)}   [load ${load}]${note ? `\n  ${''.padEnd(12)} ${note}` : ''}`;
    const proxyCpu = (phase: Phase, name: string) => phase.cpu[name]!;
    const out = [
      '',
      '  GET of a trivial service endpoint (the bell’s unread count): directly, through a bare node:http proxy, through the gateway (signed-in session), through oauth2-proxy (signed-in session)',
      `  ${connections} connections; p50/p99 in whole ms (autocannon); mean = connections ÷ req/s; CPU per request from /proc (redis: the machine's, shared; client: this process); [load average 1, 5, 15 min when the line ended]`,
    ];
    interface Figures {
      ofBare: number;
      addedP50: number;
      addedMean: number;
      cpuOfBare: number;
      ofDirect: number;
      bareOfDirect: number;
      ofPeer?: number;
      cpuOfPeer?: number;
      homeOfDirect: number;
      homeAddedP50: number;
      homeGatewayShare: number;
    }
    const figures: Figures[] = [];
    for (let round = 0; round < rounds; round++) {
      const [d, bare, gw] = (['direct', 'bare proxy', 'gateway'] as const).map((name) => phases[name][round]!);
      const peerPhase = phases['oauth2-proxy'][round];
      if (rounds > 1) out.push(`  round ${round + 1}`);
      out.push(row('direct', d!), row('bare proxy', bare!), row('gateway', gw!));
      out.push(peerPhase ? row('oauth2-proxy', peerPhase) : `  oauth2-proxy  (no line: ${peerProblem})`);
      const rps = (p: Phase) => p.result.requests.average;
      const f: Figures = {
        ofBare: rps(gw!) / rps(bare!),
        addedP50: gw!.result.latency.p50 - bare!.result.latency.p50,
        addedMean: meanMs(gw!.result) - meanMs(bare!.result),
        cpuOfBare: proxyCpu(gw!, 'gateway') / proxyCpu(bare!, 'bare-proxy'),
        ofDirect: rps(gw!) / rps(d!),
        bareOfDirect: rps(bare!) / rps(d!),
        ...(peerPhase
          ? { ofPeer: rps(gw!) / rps(peerPhase), cpuOfPeer: proxyCpu(gw!, 'gateway') / proxyCpu(peerPhase, 'oauth2-proxy') }
          : {}),
        homeOfDirect: home[round]!.gateway.pagesPerSecond / home[round]!.direct.pagesPerSecond,
        homeAddedP50: home[round]!.gateway.p50 - home[round]!.direct.p50,
        homeGatewayShare:
          home[round]!.gateway.cpu['gateway']! /
          Object.entries(home[round]!.gateway.cpu).reduce((sum, [name, v]) => sum + (name === 'client' || name === 'redis' ? 0 : v), 0),
      };
      figures.push(f);
      out.push(
        `  gateway against the bare proxy: throughput ${(f.ofBare * 100).toFixed(1)}% (goal ≥ ${GOALS.ofBare * 100}%), added p50 ${f.addedP50} ms (goal ≤ ${GOALS.addedP50Ms} ms; mean ${f.addedMean >= 0 ? '+' : ''}${f.addedMean.toFixed(2)} ms), CPU per request ${f.cpuOfBare.toFixed(2)}× (goal ≤ ${GOALS.cpuOfBare}×)`,
        `  against direct: gateway ${(f.ofDirect * 100).toFixed(1)}%, bare proxy ${(f.bareOfDirect * 100).toFixed(1)}%`,
        f.ofPeer !== undefined
          ? `  against oauth2-proxy: throughput ${f.ofPeer.toFixed(2)}× (goal ≥ ${GOALS.ofPeer}×), CPU per request ${f.cpuOfPeer!.toFixed(2)}× (goal ≤ ${GOALS.cpuOfPeer}×)`
          : '  against oauth2-proxy: no line',
      );
      const h = home[round]!;
      const pageRow = (name: string, p: PagePhase, calls: number) =>
        `  ${name.padEnd(12)} ${p.pagesPerSecond.toFixed(0).padStart(6)} pages/s (${calls} calls each)   p50 ${p.p50.toFixed(2)} ms   p99 ${p.p99.toFixed(2)} ms   CPU µs/page: ${cpuText(p.cpu)}   [load ${p.load}]`;
      out.push(
        `  the home page's calls, ${connections} people at once, each page's calls at once: directly (the 4 service calls) and through the gateway (/api/me and the same 4)`,
        pageRow('home direct', h.direct, 4),
        pageRow('home gateway', h.gateway, 5),
        `  home page through the gateway: ${(f.homeOfDirect * 100).toFixed(1)}% of the direct pages/s, p50 ${f.homeAddedP50 >= 0 ? '+' : ''}${f.homeAddedP50.toFixed(2)} ms; the gateway is ${(f.homeGatewayShare * 100).toFixed(1)}% of the page's server CPU`,
      );
    }
    const m = (key: keyof Figures) => {
      const values = figures.map((f) => f[key]).filter((v): v is number => v !== undefined);
      return values.length ? median(values) : undefined;
    };
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    if (rounds > 1) out.push(`  median of ${rounds} rounds:`);
    const ofBare = m('ofBare')!;
    const addedP50 = m('addedP50')!;
    const cpuOfBare = m('cpuOfBare')!;
    out.push(
      `  throughput ${(ofBare * 100).toFixed(1)}% of the bare proxy (goal ≥ ${GOALS.ofBare * 100}%: ${verdict(ofBare >= GOALS.ofBare)}), added p50 ${addedP50} ms (goal ≤ ${GOALS.addedP50Ms} ms: ${verdict(addedP50 <= GOALS.addedP50Ms)}; mean ${m('addedMean')!.toFixed(2)} ms), CPU ${cpuOfBare.toFixed(2)}× the bare proxy's (goal ≤ ${GOALS.cpuOfBare}×: ${verdict(cpuOfBare <= GOALS.cpuOfBare)})`,
      `  ${(m('ofDirect')! * 100).toFixed(1)}% of direct (bare proxy ${(m('bareOfDirect')! * 100).toFixed(1)}%)`,
    );
    const ofPeer = m('ofPeer');
    const cpuOfPeer = m('cpuOfPeer');
    out.push(
      ofPeer !== undefined && cpuOfPeer !== undefined
        ? `  ${ofPeer.toFixed(2)}× oauth2-proxy's throughput (goal ≥ ${GOALS.ofPeer}×: ${verdict(ofPeer >= GOALS.ofPeer)}), ${cpuOfPeer.toFixed(2)}× its CPU per request (goal ≤ ${GOALS.cpuOfPeer}×: ${verdict(cpuOfPeer <= GOALS.cpuOfPeer)})`
        : `  oauth2-proxy: no line (${peerProblem})`,
      `  home page: ${(m('homeOfDirect')! * 100).toFixed(1)}% of the direct pages/s, p50 +${m('homeAddedP50')!.toFixed(2)} ms, the gateway ${(m('homeGatewayShare')! * 100).toFixed(1)}% of the page's server CPU`,
      `  load average at the end: ${load1()}`,
    );
    console.log([...out, ''].join('\n'));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    pageAgent.destroy();
    await removePeerSessions(redisUrl, o2p.cookie).catch(() => undefined);
    await cleanupNamespace({
      namespace,
      consumers: ['gateway', 'directory', 'leave', 'approval', 'punch-card-ingest'],
      databases: ['gateway', 'directory', 'leave', 'approval', 'punch-card-ingest'].map((s) => databaseName(s, namespace)),
    }).catch(() => undefined);
    await ferret.stop();
  }
}

/** How many connections the trivial service has accepted so far. */
async function upstreamConnections(serviceUrl: string): Promise<number> {
  return ((await (await fetch(`${serviceUrl}/bench/connections`)).json()) as { connections: number }).connections;
}

/** oauth2-proxy's sessions of this run in the shared Redis (keys named after its cookie). */
async function removePeerSessions(redisUrl: string, cookieName: string): Promise<void> {
  const redis = createRedis(redisUrl, '', createLogger({ service: 'bench', level: 'silent' }));
  try {
    const keys = await redis.keys(`${cookieName}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

await main();
