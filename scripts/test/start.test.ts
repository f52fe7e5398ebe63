// The start command, as a person runs it: every process comes up and reports
// ready; when a dependency goes away every process says which one; Ctrl-C
// (SIGTERM here) stops them all.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { cleanupNamespace, eventually, hostPort, suiteNamespace, TcpProxy, testUris, withPort } from '@webitr/testkit';
import { databaseName } from '@webitr/platform';
import { ROOT, probeTcp } from '../lib/infra.ts';
import { systemProcesses } from '../lib/system.ts';

interface Readiness {
  status: string;
  dependencies: { name: string; ok: boolean }[];
}

async function freePortBase(): Promise<number> {
  for (;;) {
    // Below the kernel's ephemeral range (32768+), where outgoing connections of other tests take ports.
    const base = 12_000 + Math.floor(Math.random() * 200) * 100;
    const busy = await Promise.all(systemProcesses(base).map((p) => probeTcp('127.0.0.1', p.port, 200)));
    if (!busy.some(Boolean)) return base;
  }
}

describe('npm start (the whole system on one machine)', function () {
  this.timeout(180_000);
  const namespace = suiteNamespace('start');
  let redisProxy: TcpProxy;
  let start: ChildProcess;
  let output = '';
  let processes: ReturnType<typeof systemProcesses>;

  before(async () => {
    // Redis through a proxy, so the test can take it away from this system only.
    redisProxy = new TcpProxy(hostPort(testUris().redis, 6379));
    await redisProxy.start();
    const base = await freePortBase();
    processes = systemProcesses(base);
    start = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        START_PORT_BASE: String(base),
        WEBITR_NAMESPACE: namespace,
        REDIS_URL: withPort(testUris().redis, redisProxy.port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => (output.includes('[start] ready') ? true : start.exitCode !== null ? Promise.reject(new Error(output)) : undefined), 'the system to start', 150_000);
  });

  after(async () => {
    if (start.exitCode === null) start.kill('SIGKILL');
    await redisProxy.stop();
    await cleanupNamespace({ namespace, consumers: processes.map((p) => p.name), databases: processes.map((p) => databaseName(p.name, namespace)) });
  });

  const readiness = async (port: number) => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as Readiness };
  };

  it('prints the URL to open', () => {
    const gateway = processes.find((p) => p.name === 'gateway')!;
    expect(output).to.contain(`Open  http://127.0.0.1:${gateway.port}/`);
  });

  /** The processes with dependencies (all but the development identity provider). */
  const services = () => processes.filter((p) => p.readiness === '/readyz');

  it('prints every demo account with what it is for, and the portal tiles', () => {
    const lines = output.split('\n');
    for (const account of DEMO_ACCOUNTS) {
      const line = lines.find((l) => l.trim().startsWith(`${account.username} `));
      expect(line, account.username).to.contain(account.name).and.contain(account.purpose);
    }
    const gateway = processes.find((p) => p.name === 'gateway')!;
    expect(output).to.contain(`http://127.0.0.1:${gateway.port}/tile/kh-edu`);
  });

  it('runs the development identity provider, and the gateway signs in through it', async () => {
    const idp = processes.find((p) => p.name === 'identity-provider')!;
    const gateway = processes.find((p) => p.name === 'gateway')!;
    expect((await fetch(`http://127.0.0.1:${idp.port}/healthz`)).status).to.equal(200);
    const start = await fetch(`http://127.0.0.1:${gateway.port}/sso/kh-edu?return_to=%2Fleave%2Fapply`, { redirect: 'manual' });
    expect(start.status).to.equal(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).to.equal(`http://127.0.0.1:${idp.port}`);
    // The provider knows the gateway's client and its callback: it sends the browser to its login page.
    const auth = await fetch(authorize, { redirect: 'manual' });
    expect(auth.status).to.be.within(302, 303);
    const cookie = auth.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const login = await fetch(new URL(auth.headers.get('location')!, authorize), { headers: { cookie } });
    expect(login.status).to.equal(200);
    expect(await login.text()).to.contain('陳怡君');
  });

  it('brings every service and the gateway up, each answering /readyz 200', async () => {
    expect(processes.map((p) => p.name)).to.include.members(['gateway', 'identity-provider', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification']);
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
        expect(body.dependencies.filter((d) => !d.ok).map((d) => d.name), p.name).to.deep.equal(['redis']);
      }
    } finally {
      await redisProxy.start();
    }
    for (const p of services()) {
      await eventually(async () => ((await readiness(p.port)).status === 200 ? true : undefined), `${p.name} ready again`, 20_000);
    }
  });

  it('stops every process on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    start.kill('SIGTERM');
    expect(await exited).to.not.equal(null);
    const stillListening = await Promise.all(processes.map((p) => probeTcp('127.0.0.1', p.port, 300)));
    expect(stillListening.some(Boolean)).to.equal(false);
  });
});
