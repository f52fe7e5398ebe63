// `START_REPLICAS=2 npm start`: two instances of the gateway and of every
// service, behind the usual ports. What several instances must not change, seen
// from outside: connections go to both in turn with the client's address kept;
// a session and a rate limit span the gateway instances; the two instances of
// a service share its queue and apply each event once, their outbox relays
// publish each event once, and each timed job runs in one instance.
// (The same guarantees, each forced to its edge, are in
// packages/platform/test/integration/instances.test.ts.)
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import amqplib from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { expect } from 'chai';
import { topology } from '@webitr/contracts';
import { cleanupNamespace, eventually, suiteNamespace, testUris } from '@webitr/testkit';
import { benchNationalId } from '../lib/bench.ts';
import { instancesOf, systemProcesses } from '../lib/system.ts';
import type { Instance, SystemProcess } from '../lib/system.ts';
import { freePortBase, NpmStart, signIn } from './support/npm-start.ts';

/** A GET on a connection of its own, from `localAddress`; answers the status. */
function getFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, agent: false, headers: { accept: 'text/html' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

/** A process's metrics as `name{labels}` → value. */
async function metricsOf(port: number): Promise<Map<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { connection: 'close' } });
  expect(res.status).to.equal(200);
  const series = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const match = /^(\S+) (\S+)$/.exec(line);
    if (match) series.set(match[1]!, Number(match[2]));
  }
  return series;
}

/** The sum of the series of `name` whose labels include every one given. */
function sumOf(series: Map<string, number>, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of series) {
    if (!key.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) total += value;
  }
  return total;
}

describe('npm start with START_REPLICAS=2 (two instances of every process)', function () {
  this.timeout(420_000);
  const namespace = suiteNamespace('replicas');
  const SIGN_IN_LIMIT = 10;
  let dataDir: string;
  let processes: SystemProcess[];
  let instances: Instance[];
  let gatewayUrl: string;
  let start: NpmStart;
  let amqp: ChannelModel;
  /** Every event the exchange carried during the test: id → its type, the person it is about, how often it came. */
  const carried = new Map<string, { type: string; personId?: string; times: number }>();

  const proc = (name: string) => processes.find((p) => p.name === name)!;
  const instancesOfProcess = (name: string) => instances.filter((i) => i.process.name === name);

  before(async () => {
    const base = await freePortBase(2);
    processes = systemProcesses(base);
    instances = instancesOf(processes, 2);
    gatewayUrl = `http://127.0.0.1:${base}`;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'webitr-replicas-data-'));
    // Watches the system's events exchange from before the first publication.
    amqp = await amqplib.connect(testUris().amqp);
    const channel = await amqp.createChannel();
    const { eventsExchange } = topology(namespace);
    await channel.assertExchange(eventsExchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, eventsExchange, '#');
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const { id, type, payload } = JSON.parse(message.content.toString()) as {
          id: string;
          type: string;
          payload: { personId?: string };
        };
        const seen = carried.get(id);
        carried.set(id, { type, personId: payload.personId, times: (seen?.times ?? 0) + 1 });
      },
      { noAck: true },
    );
    const { MONGODB_URI: _mongo, NODE_ENV: _env, ...rest } = process.env;
    start = new NpmStart({
      ...rest,
      START_PORT_BASE: String(base),
      START_DATA_DIR: dataDir,
      START_REPLICAS: '2',
      WEBITR_NAMESPACE: namespace,
      RATE_LIMIT_SIGNIN_PER_MINUTE: String(SIGN_IN_LIMIT),
      LOG_LEVEL: 'warn',
    });
    await start.printed('[start] ready', 360_000);
  });

  after(async () => {
    start?.killLeftovers();
    await amqp?.close();
    await cleanupNamespace({ namespace, consumers: processes.map((p) => p.name) });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs two instances of the gateway and of every service, each ready on its own port, behind the usual one', async () => {
    for (const name of ['gateway', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification']) {
      const own = instancesOfProcess(name);
      expect(own.map((i) => i.label)).to.deep.equal([`${name}#1`, `${name}#2`]);
      expect(new Set(own.map((i) => start.pidOf(i.label))).size, name).to.equal(2);
      for (const port of [...own.map((i) => i.port), proc(name).port]) {
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status, `${name} on ${port}`).to.equal(200);
      }
    }
    // The development stand-ins run once.
    expect(instancesOfProcess('identity-provider').map((i) => i.label)).to.deep.equal(['identity-provider']);
  });

  it('hands connections to the instances in turn', async () => {
    // Each instance counts the /healthz requests it answered.
    const answered = async () =>
      Promise.all(
        instancesOfProcess('leave').map(async (i) => sumOf(await metricsOf(i.port), 'webitr_http_requests_total', { route: '/healthz' })),
      );
    const before = await answered();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://127.0.0.1:${proc('leave').port}/healthz`, { headers: { connection: 'close' } });
      expect(res.status).to.equal(200);
    }
    const after = await answered();
    expect(after.map((n, i) => n - before[i]!)).to.deep.equal([3, 3]);
  });

  it('keeps a session across the gateway instances: signed in through one, known to the other; signed out at one, out at both', async () => {
    const { browser, csrf } = await signIn(gatewayUrl, 'school-admin');
    const [one, two] = instancesOfProcess('gateway').map((i) => `http://127.0.0.1:${i.port}`);
    for (const url of [one, two]) {
      const me = await browser.request(`${url}/api/me`);
      expect(me.status, `${url}: ${me.body}`).to.equal(200);
      expect(me.json<{ name: string }>().name).to.equal('黃建華');
    }
    const out = await browser.request(`${two}/logout`, { method: 'POST', headers: { 'x-csrf-token': csrf } });
    expect(out.status, out.body).to.be.below(400);
    expect((await browser.request(`${one}/api/me`)).status).to.equal(401);
  });

  it('counts a rate limit across the gateway instances, per client address as the balancer passes it on', async () => {
    const [one, two] = instancesOfProcess('gateway').map((i) => `http://127.0.0.1:${i.port}`);
    const statuses = [];
    for (let i = 0; i <= SIGN_IN_LIMIT; i++) statuses.push(await getFrom('127.0.0.9', `${i % 2 ? two : one}/sso/kh-edu?return_to=%2F`));
    expect(
      statuses.slice(0, SIGN_IN_LIMIT).every((s) => s === 302),
      statuses.join(' '),
    ).to.equal(true);
    expect(statuses[SIGN_IN_LIMIT]).to.equal(429);
    // Through the balancer the gateway still sees who connected: 127.0.0.9 is over its limit, 127.0.0.10 is not.
    expect(await getFrom('127.0.0.9', `${gatewayUrl}/sso/kh-edu?return_to=%2F`)).to.equal(429);
    expect(await getFrom('127.0.0.10', `${gatewayUrl}/sso/kh-edu?return_to=%2F`)).to.equal(302);
  });

  it("shares each service's queue between its instances, which apply every event once; the relays publish each event once", async () => {
    const consumers = ['leave', 'punch-card-ingest'];
    const handled = async () =>
      Promise.all(
        consumers.flatMap((name) =>
          instancesOfProcess(name).map(async (i) =>
            sumOf(await metricsOf(i.port), 'webitr_events_handled_total', { type: 'directory.person.changed', outcome: 'ok' }),
          ),
        ),
      );
    const { browser, csrf } = await signIn(gatewayUrl, 'school-admin');
    const PEOPLE = 16;
    const people: string[] = [];
    // Counted from a quiet moment: the demo seed's events have all been handled.
    await eventually(async () => {
      const a = await handled();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const b = await handled();
      return a.every((v, i) => v === b[i]) ? true : undefined;
    }, 'the seed events handled');
    const before = await handled();
    for (let n = 0; n < PEOPLE; n++) {
      const created = await browser.request(`${gatewayUrl}/api/directory/agencies/KH-GUANGHUA-ES/people`, {
        method: 'POST',
        json: { nationalId: benchNationalId(900_000 + n), name: `多副本${n}`, jobCategory: '職員' },
        headers: { 'x-csrf-token': csrf },
      });
      expect(created.status, created.body).to.equal(201);
      // A change to the person is what the other services hear of (directory.person.changed).
      const { id } = created.json<{ id: string }>();
      people.push(id);
      const changed = await browser.request(`${gatewayUrl}/api/directory/people/${id}`, {
        method: 'PATCH',
        json: { title: '幹事' },
        headers: { 'x-csrf-token': csrf },
      });
      expect(changed.status, changed.body).to.equal(200);
    }
    const changed = () => [...carried.values()].filter((e) => e.type === 'directory.person.changed' && people.includes(e.personId!)).length;
    await eventually(() => (changed() >= PEOPLE ? true : undefined), 'a directory.person.changed event for each person', 30_000);
    const events = changed();
    // Every instance's share, once all of them are handled.
    const shares = await eventually(async () => {
      const now = await handled();
      const delta = now.map((v, i) => v - before[i]!);
      return delta[0]! + delta[1]! === events && delta[2]! + delta[3]! === events ? delta : undefined;
    }, 'every event handled by the instances of leave and of punch-card-ingest');
    expect(
      shares.every((d) => d > 0),
      `each instance's share: ${shares.join(', ')}`,
    ).to.equal(true);
    // No event on the exchange twice: the two relays of the directory never published one document's event both.
    expect([...carried.entries()].filter(([, e]) => e.times > 1).map(([id, e]) => `${e.type} ${id}`)).to.deep.equal([]);
  });

  it('runs each timed job in one instance of its service, not in both', async () => {
    const jobs = [
      { service: 'directory', job: 'change-journal' },
      { service: 'punch-card-ingest', job: 'attendance' },
      { service: 'notification', job: 'mail-retries' },
    ];
    for (const { service, job } of jobs) {
      const runsPerInstance = async () =>
        Promise.all(instancesOfProcess(service).map(async (i) => sumOf(await metricsOf(i.port), 'webitr_job_runs_total', { job })));
      // Its first run comes one interval after its instance started.
      const runs = await eventually(async () => {
        const now = await runsPerInstance();
        return now.some((r) => r > 0) ? now : undefined;
      }, `${service} ${job} to run`);
      expect(
        runs.filter((r) => r > 0),
        `${service} ${job}: runs per instance ${runs.join(', ')}`,
      ).to.have.length(1);
    }
  });
});
