// `npm start` as the start command's tests run it, and signing in to what it started.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { Browser, formsOf } from '../../../gateway/test/support/browser.ts';
import { holder, isRunning } from '../../lib/data-dir.ts';
import { ROOT, probeTcp } from '../../lib/infra.ts';
import { systemPorts, systemProcesses } from '../../lib/system.ts';

/** A port base whose ports (and those of `replicas` instances of each process) nothing listens on. */
export async function freePortBase(replicas = 1): Promise<number> {
  for (;;) {
    // Below the kernel's ephemeral range (32768+), where outgoing connections of other tests take ports.
    const base = 12_000 + Math.floor(Math.random() * 160) * 100;
    const busy = await Promise.all(systemPorts(systemProcesses(base), replicas).map(({ port }) => probeTcp('127.0.0.1', port, 200)));
    if (!busy.some(Boolean)) return base;
  }
}

/** PATH as in a person's shell: without the project's node_modules/.bin, so npm runs on the machine's Node. */
export const shellPath = () =>
  (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.endsWith(path.join('node_modules', '.bin')))
    .join(path.delimiter);

/** `npm start`, as typed in a shell but with no terminal: npm runs the package script through `sh -c`. */
export class NpmStart {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv) {
    this.#env = env;
    this.child = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, PATH: shellPath() }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Resolves once `text` has been printed; rejects if npm ends first. */
  printed(text: string, timeoutMs = 150_000): Promise<true> {
    return eventually(
      () =>
        this.output.includes(text)
          ? true
          : this.child.exitCode !== null
            ? Promise.reject(new Error(`npm start ended (${this.child.exitCode}) before printing ${text}:\n${this.output}`))
            : undefined,
      text,
      timeoutMs,
    );
  }

  /** Every pid the start script printed for its processes. */
  pids(): number[] {
    return [...this.output.matchAll(/\bpid (\d+)/g)].map((m) => Number(m[1]));
  }

  /** The pid printed for one process in the table shown when ready. */
  pidOf(name: string): number {
    const line = this.output.split('\n').find((l) => l.trim().startsWith(`${name} `) && l.includes('http://127.0.0.1:'));
    const pid = /\bpid (\d+)/.exec(line ?? '')?.[1];
    if (!pid) throw new Error(`no pid printed for ${name}:\n${this.output}`);
    return Number(pid);
  }

  /** For after(): nothing this run started may stay behind, even if the test failed. */
  killLeftovers(): void {
    // The start script and its FerretDB (a process group of its own, which a killed npm leaves running), as its data folder's lock names them.
    // Only a folder of the test's own: never the repository's .data, which a developer's own `npm start` may hold.
    const dir = this.#env['START_DATA_DIR'];
    const lock = dir ? holder(path.resolve(ROOT, dir)) : undefined;
    const ferret = lock?.ferretdbPid && isRunning(lock.ferretdbPid, 'ferretdb') ? [lock.ferretdbPid] : [];
    for (const pid of [this.child.pid!, ...(lock ? [lock.pid] : []), ...this.pids(), ...ferret]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** The whole code flow at the development identity provider; returns the signed-in browser and its CSRF token. */
export async function signIn(gatewayUrl: string, username: string): Promise<{ browser: Browser; csrf: string }> {
  const browser = new Browser();
  const { final: page } = await browser.follow(`${gatewayUrl}/sso/kh-edu?return_to=%2F`, { headers: { accept: 'text/html' } });
  const form = formsOf(page.body).find((f) => f.fields['username'] === username);
  if (!form) throw new Error(`no login form for ${username} at ${page.url}: ${page.status} ${page.body.slice(0, 300)}`);
  const { final } = await browser.follow(new URL(form.action, page.url).href, { form: form.fields, headers: { accept: 'text/html' } });
  expect(
    final.status,
    `${final.url}: ${
      /data-problem-code="([^"]+)"/.exec(final.body)?.[1] ??
      final.body
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 300)
    }`,
  ).to.equal(200);
  const me = await browser.request(`${gatewayUrl}/api/me`);
  expect(me.status, me.body).to.equal(200);
  return { browser, csrf: me.json<{ csrfToken: string }>().csrfToken };
}
