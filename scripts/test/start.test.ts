// The start command, as a person runs it (`npm start`: through npm and
// `sh -c`, here without a terminal): every process comes up and reports
// ready; when a dependency goes away every process says which one; a process
// that dies is started again; SIGTERM to npm stops them all; the data stays
// for the next start, which seeds nothing twice.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { cleanupNamespace, eventually, hostPort, suiteNamespace, TcpProxy, testUris, withPort } from '@webitr/testkit';
import type { Browser } from '../../gateway/test/support/browser.ts';
import { ROOT, probeTcp } from '../lib/infra.ts';
import { systemProcesses } from '../lib/system.ts';
import { freePortBase, NpmStart, signIn } from './support/npm-start.ts';

interface Readiness {
  status: string;
  dependencies: { name: string; ok: boolean }[];
}

describe('npm start (the whole system on one machine)', function () {
  this.timeout(180_000);
  const namespace = suiteNamespace('start');
  let redisProxy: TcpProxy;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let processes: ReturnType<typeof systemProcesses>;
  let gatewayUrl: string;
  const runs: NpmStart[] = [];
  let start: NpmStart;

  before(async () => {
    // Redis through a proxy, so the test can take it away from this system only.
    redisProxy = new TcpProxy(hostPort(testUris().redis, 6379));
    await redisProxy.start();
    const base = await freePortBase();
    processes = systemProcesses(base);
    gatewayUrl = `http://127.0.0.1:${base}`;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'webitr-start-data-'));
    // As on a developer's machine: no MONGODB_URI, so npm start runs its own FerretDB on the data
    // folder, and no NODE_ENV (npm test's `test` would make the gateway's cookies Secure, which plain http never sends back).
    const { MONGODB_URI: _mongo, NODE_ENV: _env, ...rest } = process.env;
    env = {
      ...rest,
      START_PORT_BASE: String(base),
      START_DATA_DIR: dataDir,
      WEBITR_NAMESPACE: namespace,
      REDIS_URL: withPort(testUris().redis, redisProxy.port),
      LOG_LEVEL: 'warn',
    };
    start = new NpmStart(env);
    runs.push(start);
    await start.printed('[start] ready');
  });

  after(async () => {
    for (const run of runs) run.killLeftovers();
    await redisProxy.stop();
    await cleanupNamespace({ namespace, consumers: processes.map((p) => p.name) });
    await rm(dataDir, { recursive: true, force: true });
  });

  const readiness = async (port: number) => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as Readiness };
  };

  /** Nothing listens on any port of the system any more. */
  const listening = async () =>
    (await Promise.all(processes.map(async (p) => ((await probeTcp('127.0.0.1', p.port, 300)) ? p.name : undefined)))).filter(Boolean);

  /** SIGTERM to npm's own process; resolves with npm's exit code once it has exited. */
  const stopWithSigterm = async (run: NpmStart) => {
    run.child.kill('SIGTERM');
    return run.exited;
  };

  const admin = () => signIn(gatewayUrl, 'school-admin');
  /** What the administrator sees of the school: its people and units. */
  const school = async (browser: Browser, csrf: string) => {
    const people = await browser.request(`${gatewayUrl}/api/directory/agencies/KH-GUANGHUA-ES/people/search`, {
      method: 'POST',
      json: { pageSize: 100 },
      headers: { 'x-csrf-token': csrf },
    });
    expect(people.status, people.body).to.equal(200);
    const units = await browser.request(`${gatewayUrl}/api/directory/agencies/KH-GUANGHUA-ES/units`);
    expect(units.status, units.body).to.equal(200);
    return {
      people: people.json<{ total: number; items: { id: string; name: string }[] }>(),
      units: units.json<unknown[] | { items: unknown[] }>(),
    };
  };
  let written: { personId: string; people: number; units: string };

  it('prints the URL to open', () => {
    expect(start.output).to.contain(`Open  ${gatewayUrl}/`);
  });

  /** The processes with dependencies (all but the development identity provider). */
  const services = () => processes.filter((p) => p.readiness === '/readyz');

  it('prints every demo account with what it is for, and the portal tiles', () => {
    const lines = start.output.split('\n');
    for (const account of DEMO_ACCOUNTS) {
      const line = lines.find((l) => l.trim().startsWith(`${account.username} `));
      expect(line, account.username).to.contain(account.name).and.contain(account.purpose);
    }
    expect(start.output).to.contain(`${gatewayUrl}/tile/kh-edu`);
  });

  it('runs the development identity provider, and the gateway signs in through it', async () => {
    const idp = processes.find((p) => p.name === 'identity-provider')!;
    expect((await fetch(`http://127.0.0.1:${idp.port}/healthz`)).status).to.equal(200);
    const sso = await fetch(`${gatewayUrl}/sso/kh-edu?return_to=%2Fleave%2Fapply`, { redirect: 'manual' });
    expect(sso.status).to.equal(302);
    const authorize = new URL(sso.headers.get('location')!);
    expect(authorize.origin).to.equal(`http://127.0.0.1:${idp.port}`);
    // The provider knows the gateway's client and its callback: it sends the browser to its login page.
    const auth = await fetch(authorize, { redirect: 'manual' });
    expect(auth.status).to.be.within(302, 303);
    const cookie = auth.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const login = await fetch(new URL(auth.headers.get('location')!, authorize), { headers: { cookie } });
    expect(login.status).to.equal(200);
    expect(await login.text()).to.contain('陳怡君');
  });

  it('runs the development mailbox, prints its page, and lists the mail received there', async () => {
    const mailbox = processes.find((p) => p.name === 'mailbox')!;
    expect(start.output).to.contain(`Mailbox: http://127.0.0.1:${mailbox.port}/`);
    const page = await fetch(`http://127.0.0.1:${mailbox.port}/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('開發用信箱');
    const messages = await fetch(`http://127.0.0.1:${mailbox.port}/messages`);
    expect(messages.status).to.equal(200);
    expect(await messages.json()).to.be.an('array');
  });

  it('brings every service and the gateway up, each answering /readyz 200', async () => {
    expect(processes.map((p) => p.name)).to.include.members([
      'gateway',
      'identity-provider',
      'directory',
      'leave',
      'approval',
      'punch-card-ingest',
      'notification',
    ]);
    for (const p of services()) {
      const { status, body } = await readiness(p.port);
      expect(status, p.name).to.equal(200);
      expect(body.dependencies.map((d) => d.name)).to.include.members(['mongodb', 'rabbitmq', 'redis']);
    }
  });

  it('answers 503 naming redis in every process while Redis is unreachable', async () => {
    await redisProxy.stop();
    try {
      for (const p of services()) {
        const { status, body } = await readiness(p.port);
        expect(status, p.name).to.equal(503);
        expect(
          body.dependencies.filter((d) => !d.ok).map((d) => d.name),
          p.name,
        ).to.deep.equal(['redis']);
      }
    } finally {
      await redisProxy.start();
    }
    for (const p of services()) {
      await eventually(async () => ((await readiness(p.port)).status === 200 ? true : undefined), `${p.name} ready again`, 20_000);
    }
  });

  it('starts a process that was killed (SIGKILL) again, says so, and it serves again through the gateway', async () => {
    const leave = processes.find((p) => p.name === 'leave')!;
    const pid = start.pidOf('leave');
    process.kill(pid, 'SIGKILL');
    await start.printed('[start] leave stopped unexpectedly (signal SIGKILL); restarting it in');
    await start.printed('[start] leave is ready again', 60_000);
    expect(start.output).to.not.contain('[start] stopping');
    expect((await readiness(leave.port)).status).to.equal(200);
    const teacher = await signIn(gatewayUrl, 'teacher');
    const deputies = await teacher.browser.request(`${gatewayUrl}/api/leave/deputies`);
    expect(deputies.status, deputies.body).to.equal(200);
  });

  it('stores what people write: an administrator adds a person', async () => {
    const { browser, csrf } = await admin();
    const created = await browser.request(`${gatewayUrl}/api/directory/agencies/KH-GUANGHUA-ES/people`, {
      method: 'POST',
      json: { nationalId: 'F126354787', name: '留存測試', jobCategory: '職員' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(created.status, created.body).to.equal(201);
    const now = await school(browser, csrf);
    expect(now.people.items.map((p) => p.name)).to.include('留存測試');
    written = { personId: created.json<{ id: string }>().id, people: now.people.total, units: JSON.stringify(now.units) };
  });

  it('stops every process, gateway first, on SIGTERM to npm outside a terminal', async () => {
    const code = await stopWithSigterm(start);
    expect(code).to.not.equal(0);
    expect(await listening()).to.deep.equal([]);
    const log = start.output;
    expect(log.indexOf('[start] stopping gateway'))
      .to.be.greaterThan(-1)
      .and.lessThan(log.indexOf('[start] stopping identity-provider, directory, leave'));
    expect(log.indexOf('[start] stopping FerretDB')).to.be.greaterThan(log.indexOf('[start] stopping identity-provider, directory, leave'));
  });

  it('keeps the data at the next start on the same folder, and seeding again neither duplicates nor fails', async () => {
    expect(written, 'the data written before').to.not.equal(undefined);
    start = new NpmStart(env);
    runs.push(start);
    await start.printed('[start] ready');
    const { browser, csrf } = await admin();
    const again = await school(browser, csrf);
    expect(again.people.items.map((p) => p.id)).to.include(written.personId);
    expect(again.people.total).to.equal(written.people);
    expect(JSON.stringify(again.units)).to.equal(written.units);
    expect(start.output).to.not.match(/ERROR|FATAL|not seeded/);
    await stopWithSigterm(start);
    expect(await listening()).to.deep.equal([]);
  });
});

describe('npm start with START_PORT_BASE=6000', function () {
  this.timeout(180_000);

  it('refuses the base, naming the port that browsers and fetch() refuse', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.ts')], {
      cwd: ROOT,
      env: { ...process.env, START_PORT_BASE: '6000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, output).to.equal(2);
    expect(output)
      .to.contain('START_PORT_BASE=6000 would put gateway on port 6000, which browsers and fetch() refuse')
      .and.contain('START_PORT_BASE=6100');
  });
});
