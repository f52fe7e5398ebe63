// `npm run bench:punch-rush` (issue 15): the morning rush of 出勤刷卡. 20,000
// web punches within 60 s (BENCH_PUNCHES, BENCH_SECONDS), paced open loop —
// each punch is sent at its planned instant whether or not earlier ones have
// answered, as people arriving do — by BENCH_PEOPLE people of the demo school
// signed in through the development identity provider, from the school's
// onsite network (the connection's source address is in the gateway's onsite
// zone). Latency is from the planned instant, so a backlog counts.
//
// Two lines in one run: straight to the punch-card-ingest service with the
// assertion the gateway would send (the baseline: the service alone), then
// the same load through the gateway with session cookies and CSRF tokens. For
// each: p50/p99/max, errors by status and code, and then every punch counted
// in the store (its pending entry or the raw punches, once the attendance job
// has moved it): each 201 must be there exactly once — none lost — and no
// stored punch may lack a 201 — none made twice or by a failed request.
//
// Real RabbitMQ, Redis and FerretDB; directory, punch-card-ingest and the
// gateway in processes of their own; the identity provider in this one. Not a
// test.
//
// Env: BENCH_PUNCHES (20000), BENCH_SECONDS (60), BENCH_PEOPLE (500),
// BENCH_LINES (both | direct | gateway), BENCH_LOG_DIR.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { onsiteZoneOf } from '@webitr/contracts';
import { AssertionSigner, ASSERTION_HEADER, connectMongo, createLogger, databaseName, generateIssuerKeys, listen } from '@webitr/platform';
import { createDevIdp } from '@webitr/dev-identity-provider';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { PUBLIC_DIR } from '@webitr/portal-plugin/paths';
import type { DevIdpAccount, DevIdpClient } from '@webitr/dev-identity-provider';
import { cleanupNamespace } from '@webitr/testkit';
import { Browser } from '../gateway/test/support/browser.ts';
import { signIn } from '../gateway/test/support/flows.ts';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ensureFerretDb, ensureRabbitMQ, ensureRedis, freePort } from './lib/infra.ts';
import { BenchProcesses, benchNationalId, cpuSeconds, loadAverage, ms, quantiles } from './lib/bench.ts';
import { benchSso } from './lib/demo.ts';

const total = Number(process.env['BENCH_PUNCHES'] ?? 20_000);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 60);
const peopleCount = Number(process.env['BENCH_PEOPLE'] ?? 500);
const lines = (process.env['BENCH_LINES'] ?? 'both') as 'both' | 'direct' | 'gateway';
const logDir = process.env['BENCH_LOG_DIR'] ?? mkdtempSync(path.join(os.tmpdir(), 'bench-punch-rush-'));
const SCHOOL = 'KH-GUANGHUA-ES';
/** The school's onsite network (機關現場網路) in this run, and the address the punches come from. */
const ONSITE = { cidr: '127.30.1.0/24', address: '127.30.1.1' };
const KINDS = ['上班', '下班', '外出', '外出返回'] as const;
const say = (message: string) => console.log(`[bench] ${message}`);
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const logger = createLogger({ service: 'bench-punch-rush', level: 'error' });

interface Puncher {
  id: string;
  username: string;
  /** Through the gateway: the session cookie and CSRF token; straight: the assertion. */
  headers: Record<string, string>;
}

interface Outcome {
  status: number;
  code?: string;
  /** The stored punch's id (person|instant|web) when answered 201. */
  punchId?: string;
  /** Planned instant → answer. */
  latencyMs: number;
}

/** One POST with keep-alive from the onsite address; never rejects (status 0 = no answer). */
function post(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', () => resolve({ status: 0, text: 'response aborted' }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (error) => resolve({ status: 0, text: error.message }));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  say(`load average at start (1/5/15 min): ${loadAtStart} on ${os.cpus().length} cores; logs in ${logDir}`);
  const namespace = `bench-punch-${randomBytes(3).toString('hex')}`;
  const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
  // The gateway serves the web app's files and will not start without them (a fresh clone has none yet).
  if (!existsSync(path.join(PUBLIC_DIR, 'index.html'))) await buildPortalPlugin();
  const system = new BenchProcesses(logDir, say);
  const ports = {
    gateway: await freePort(),
    'identity-provider': await freePort(),
    directory: await freePort(),
    'punch-card-ingest': await freePort(),
  };
  const sso = benchSso(ports);
  const keys = Object.fromEntries(
    await Promise.all((['gateway', 'directory', 'punch-card-ingest'] as const).map(async (n) => [n, await generateIssuerKeys()] as const)),
  );
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    MONGODB_URI: ferret.uri,
    AMQP_URL: process.env['AMQP_URL'] || DEFAULT_AMQP_URL,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
    WEBITR_NAMESPACE: namespace,
    ASSERTION_TRUSTED_KEYS: JSON.stringify(Object.fromEntries(Object.entries(keys).map(([n, k]) => [n, k.publicJwk]))),
  };
  const privateKey = (name: string) => JSON.stringify(keys[name]!.privateJwk);
  const punchDb = await connectMongo(ferret.uri, databaseName('punch-card-ingest', namespace), logger);
  let idp: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    say('starting the directory (demo school), punch-card-ingest, the identity provider and the gateway');
    const directoryUrl = await system.start('directory', 'services/directory/src/main.ts', ports.directory, {
      ...base,
      DIRECTORY_SEED_DEMO: 'true',
      ASSERTION_PRIVATE_KEY: privateKey('directory'),
    });
    const punchUrl = await system.start('punch-card-ingest', 'services/punch-card-ingest/src/main.ts', ports['punch-card-ingest'], {
      ...base,
      DIRECTORY_URL: directoryUrl,
      ASSERTION_PRIVATE_KEY: privateKey('punch-card-ingest'),
    });

    const gatewaySigner = new AssertionSigner('gateway', keys['gateway']!.privateJwk);
    const zone = onsiteZoneOf(SCHOOL);
    const assertion = (
      sub: string,
      agencyId: string,
      roles: { role: 'system-admin' | 'employee'; agencyId: string }[],
      audience: string,
    ) => {
      const rid = randomUUID();
      return gatewaySigner.sign({ kind: 'person', sub, agencyId, roles, zone, rid, cid: rid }, audience);
    };
    const asAdmin = async <T>(route: string, body: unknown): Promise<T> => {
      const token = await assertion('bench-system-admin', 'SYSTEM', [{ role: 'system-admin', agencyId: 'SYSTEM' }], 'directory');
      const res = await fetch(directoryUrl + route, {
        method: 'POST',
        headers: { [ASSERTION_HEADER]: token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`directory POST ${route} → ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    };
    say(`creating ${peopleCount} people in the demo school`);
    const unit = await asAdmin<{ id: string }>(`/agencies/${SCHOOL}/units`, { name: '壓測組' });
    const people: { n: number; username: string; email: string; id: string }[] = [];
    for (let n = 0; n < peopleCount; n += 8) {
      people.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(8, peopleCount - n) }, async (_, k) => {
            const username = `bench-p${String(n + k).padStart(5, '0')}`;
            const email = `${username}@bench.example.edu.tw`;
            const created = await asAdmin<{ id: string }>(`/agencies/${SCHOOL}/people`, {
              nationalId: benchNationalId(70_000 + n + k),
              name: `壓測刷卡${n + k}`,
              email,
              unitId: unit.id,
              jobCategory: '職員',
              serviceStartDate: '2010-01-04',
              status: 'active',
            });
            return { n: n + k, username, email, id: created.id };
          }),
        )),
      );
    }
    const accounts: DevIdpAccount[] = people.map((p) => ({
      username: p.username,
      password: 'demo',
      name: `壓測刷卡${p.n}`,
      email: p.email,
      nationalId: benchNationalId(70_000 + p.n),
    }));
    const { app } = createDevIdp({
      issuer: sso.identityProvider['DEV_IDP_ISSUER']!,
      clients: JSON.parse(sso.identityProvider['DEV_IDP_CLIENTS']!) as DevIdpClient[],
      accounts,
      cookieKeys: [randomBytes(32).toString('base64url')],
    });
    idp = await listen(app, ports['identity-provider'], '127.0.0.1');
    const gatewayUrl = await system.start('gateway', 'gateway/src/main.ts', ports.gateway, {
      ...base,
      ...sso.gateway,
      NETWORK_ZONES: JSON.stringify({ intranet: ['127.0.0.0/8', '::1/128'], [zone]: [ONSITE.cidr] }),
      PUNCH_CARD_INGEST_URL: punchUrl,
      DIRECTORY_URL: directoryUrl,
      // Everyone signs in from the same address.
      RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
      ASSERTION_PRIVATE_KEY: privateKey('gateway'),
    });

    say(`signing ${peopleCount} people in through the identity provider, from the school's onsite network`);
    const viaGateway: Puncher[] = [];
    const signInOne = async (p: (typeof people)[number]) => {
      const browser = new Browser({ localAddress: ONSITE.address });
      const { final } = await signIn(browser, gatewayUrl, p.username);
      if (final.status !== 200) throw new Error(`sign-in of ${p.username}: ${final.status} ${final.body.slice(0, 200)}`);
      const me = await browser.request(`${gatewayUrl}/api/me`);
      if (me.status !== 200) throw new Error(`/api/me of ${p.username}: ${me.status} ${me.body.slice(0, 200)}`);
      const cookie = await browser.jar.getCookieString(`${gatewayUrl}/api/attendance/web-punches`, {
        http: true,
        sameSiteContext: 'strict',
      });
      viaGateway.push({ id: p.id, username: p.username, headers: { cookie, 'x-csrf-token': me.json<{ csrfToken: string }>().csrfToken } });
    };
    for (let i = 0; i < people.length; i += 8) await Promise.all(people.slice(i, i + 8).map(signInOne));
    // Straight: the assertion the gateway would send (it reuses one per session and service for 30 s; the run is shorter than its 60 s life).
    const straight: Puncher[] = await Promise.all(
      people.map(async (p) => ({
        id: p.id,
        username: p.username,
        headers: { [ASSERTION_HEADER]: await assertion(p.id, SCHOOL, [{ role: 'employee', agencyId: SCHOOL }], 'punch-card-ingest') },
      })),
    );

    const tracked = [...system.pids(), { name: 'ferretdb', pid: ferret.pid }];
    const cpuNow = () => Object.fromEntries(tracked.map(({ name, pid }) => [name, cpuSeconds(pid)]));

    /** One line: `total` punches paced over `seconds`, round robin over the people; answers, then the store read back. */
    async function rush(label: string, url: string, punchers: Puncher[]) {
      const agent = new Agent({ keepAlive: true, maxSockets: 256, localAddress: ONSITE.address });
      const outcomes: Outcome[] = [];
      const cpuBefore = cpuNow();
      const startedAt = new Date();
      const t0 = performance.now() + 200;
      const interval = (seconds * 1000) / total;
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const planned = t0 + i * interval;
        const wait = planned - performance.now();
        if (wait > 1) await sleep(wait);
        const who = punchers[i % punchers.length]!;
        const kind = KINDS[Math.floor(i / punchers.length) % KINDS.length]!;
        inFlight.push(
          post(agent, url, who.headers, JSON.stringify({ kind })).then(({ status, text }) => {
            const latencyMs = performance.now() - planned;
            if (status === 201) {
              const at = (JSON.parse(text) as { punch: { at: string } }).punch.at;
              outcomes.push({ status, punchId: `${who.id}|${at}|web`, latencyMs });
            } else {
              let code: string | undefined;
              try {
                code = (JSON.parse(text) as { code?: string }).code;
              } catch {
                code = text.slice(0, 60);
              }
              outcomes.push({ status, code, latencyMs });
            }
          }),
        );
      }
      const sentIn = (performance.now() - t0) / 1000;
      say(`${label}: all sent in ${sentIn.toFixed(1)} s; waiting for the answers`);
      await Promise.all(inFlight);
      say(`${label}: all answered; reading the store back`);
      const settledIn = (performance.now() - t0) / 1000;
      const cpuAfter = cpuNow();
      agent.destroy();

      // The store, read back once nothing is left for the attendance job (or after 60 s).
      const ids = new Set(punchers.map((p) => p.id));
      const readStore = async () => {
        // One query after the other: the benchmark's connection holds one cursor at a time.
        const pending = await punchDb
          .db!.collection<{ _id: string; personId: string; punches?: { _id: string; at: Date }[] }>('attendance_pending')
          .find({ _id: { $regex: /^web\|/ } }, { projection: { _id: 1, personId: 1, 'punches._id': 1 } })
          .toArray();
        const stored = await punchDb
          .db!.collection<{ _id: string; personId: string; at: Date; source: string }>('punches')
          .find({ source: 'web', at: { $gte: startedAt } }, { projection: { _id: 1, personId: 1 } })
          .toArray();
        const found = new Map<string, number>();
        for (const entry of pending)
          for (const punch of entry.punches ?? []) if (ids.has(entry.personId)) found.set(punch._id, (found.get(punch._id) ?? 0) + 1);
        // A punch both stored and still pending (the job between its two writes) is one punch.
        for (const punch of stored) if (ids.has(punch.personId)) found.set(punch._id, found.has(punch._id) ? found.get(punch._id)! : 1);
        return { found, pendingLeft: pending.length };
      };
      let store = await readStore();
      for (const deadline = Date.now() + 60_000; store.pendingLeft > 0 && Date.now() < deadline; store = await readStore())
        await sleep(1000);

      const answered = outcomes.filter((o) => o.punchId);
      const answeredIds = new Map<string, number>();
      for (const o of answered) answeredIds.set(o.punchId!, (answeredIds.get(o.punchId!) ?? 0) + 1);
      const lost = [...answeredIds.keys()].filter((id) => !store.found.has(id));
      const sharedAnswer = [...answeredIds.values()].filter((n) => n > 1).length;
      const unanswered = [...store.found.keys()].filter((id) => !answeredIds.has(id));
      const errors = new Map<string, number>();
      for (const o of outcomes)
        if (!o.punchId) errors.set(`${o.status} ${o.code ?? ''}`.trim(), (errors.get(`${o.status} ${o.code ?? ''}`.trim()) ?? 0) + 1);
      const q = quantiles(outcomes.map((o) => o.latencyMs));
      const cpuPerPunch = tracked
        .map(({ name }) => `${name} ${(((cpuAfter[name]! - cpuBefore[name]!) * 1e6) / total).toFixed(0)} µs`)
        .join(', ');
      return {
        row: `| ${label} | ${answered.length.toLocaleString('en')} of ${total.toLocaleString('en')} | ${ms(q.p50)} | ${ms(q.p99)} | ${ms(q.max)} | ${[...errors].map(([k, n]) => `${n} × ${k}`).join(', ') || 'none'} | ${lost.length} | ${unanswered.length + sharedAnswer} |`,
        detail: `  ${label}: sent in ${sentIn.toFixed(1)} s, all answered in ${settledIn.toFixed(1)} s; CPU per punch: ${cpuPerPunch}; stored punches still pending when read: ${store.pendingLeft}; load average after: ${loadAverage()}`,
        failed: lost.length > 0 || unanswered.length > 0 || sharedAnswer > 0,
      };
    }

    const results: Awaited<ReturnType<typeof rush>>[] = [];
    if (lines !== 'gateway') {
      say(`straight to punch-card-ingest: ${total} punches in ${seconds} s (load average ${loadAverage()})`);
      results.push(await rush('straight to the service', `${punchUrl}/web-punches`, straight));
    }
    if (lines !== 'direct') {
      say(`through the gateway: ${total} punches in ${seconds} s (load average ${loadAverage()})`);
      results.push(await rush('through the gateway', `${gatewayUrl}/api/attendance/web-punches`, viaGateway));
    }
    console.log(
      [
        '',
        `bench:punch-rush — ${total.toLocaleString('en')} web punches (出勤刷卡) paced over ${seconds} s by ${peopleCount} people from the onsite network; latency from each punch's planned instant`,
        '',
        '| line | answered 201 | p50 ms | p99 ms | max ms | errors | lost | stored without a 201 or twice |',
        '|---|---|---|---|---|---|---|---|',
        ...results.map((r) => r.row),
        '',
        ...results.map((r) => r.detail),
        `  goal: through the gateway, p99 ≤ 100 ms, none lost or duplicated; load average at start: ${loadAtStart} (${os.cpus().length} cores)`,
        '',
      ].join('\n'),
    );
    if (results.some((r) => r.failed)) process.exitCode = 1;
  } finally {
    await system.stopAll();
    await idp?.close(1000).catch(() => undefined);
    await punchDb.close();
    await cleanupNamespace({
      namespace,
      consumers: ['gateway', 'directory', 'punch-card-ingest'],
      databases: ['gateway', 'directory', 'punch-card-ingest'].map((s) => databaseName(s, namespace)),
    }).catch(() => undefined);
    await ferret.stop();
  }
}

await main();
