// What the benchmarks that run the system as separate processes share:
// starting a process on a known port and waiting for it, stopping them all,
// percentiles, CPU seconds from /proc, the load average, and national IDs
// (身分證字號) with a valid check digit for people the benchmark creates.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './infra.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The system's processes of one benchmark run, each with its stderr and stdout in `logDir/<name>.log`. */
export class BenchProcesses {
  readonly children = new Map<string, ChildProcess>();
  readonly logDir: string;
  readonly #say: (line: string) => void;
  readonly #profile: string | undefined;
  #stopping = false;

  /**
   * @param logDir where the logs (and CPU profiles) go
   * @param say how the benchmark prints a line
   * @param profile the name of a process to run with --cpu-prof into logDir
   */
  constructor(logDir: string, say: (line: string) => void, profile?: string) {
    this.logDir = logDir;
    this.#say = say;
    this.#profile = profile;
  }

  /** Starts `entry` on `port`; resolves with its URL once its /healthz answers. A process that dies during the run is said at once, with its last words. */
  async start(name: string, entry: string, port: number, env: NodeJS.ProcessEnv): Promise<string> {
    const logFile = path.join(this.logDir, `${name}.log`);
    const log = openSync(logFile, 'w');
    const flags = this.#profile === name ? ['--cpu-prof', '--cpu-prof-dir', this.logDir] : [];
    const child = spawn(process.execPath, [...flags, path.join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', log, log],
    });
    this.children.set(name, child);
    const lastWords = () => readFileSync(logFile, 'utf8').slice(-4000);
    child.once('exit', (code, signal) => {
      if (!this.#stopping) this.#say(`${name} exited during the run (${code ?? signal})\n${lastWords()}`);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})\n${lastWords()}`);
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return url;
      if (Date.now() > deadline) throw new Error(`${name} did not start within 90 s\n${lastWords()}`);
      await sleep(200);
    }
  }

  /** The processes' pids by name (for CPU figures). */
  pids(): { name: string; pid: number | undefined }[] {
    return [...this.children.entries()].map(([name, c]) => ({ name, pid: c.pid }));
  }

  /** SIGTERM to every process still running; resolves when all have exited. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const running = [...this.children.values()].filter((c) => c.exitCode === null && c.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((c) => new Promise((resolve) => c.once('exit', resolve))));
  }
}

/** A national ID (身分證字號) with a valid check digit, as the directory checks it; letter Z (33) keeps clear of the demo accounts. */
export function benchNationalId(n: number): string {
  const stem = `Z1${String(n).padStart(7, '0')}`;
  const digits = [3, 3, ...stem.slice(1).split('').map(Number)];
  const weighted = digits.reduce((total, digit, i) => total + digit * [1, 9, 8, 7, 6, 5, 4, 3, 2, 1][i]!, 0);
  return `${stem}${(10 - (weighted % 10)) % 10}`;
}

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export function quantiles(values: number[]): { p50?: number; p95?: number; p99?: number; max?: number } {
  if (values.length === 0) return {};
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

/** Milliseconds right-aligned in 5 characters, `—` when there is no figure. */
export const ms = (value: number | undefined): string => (value === undefined ? '    —' : `${value.toFixed(0).padStart(5)}`);

export const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join('/');

/** CPU seconds (user + system) a process has used, from /proc; NaN when it cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}
