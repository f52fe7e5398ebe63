// Keeps one process of `npm start` running: a process that stops on its own
// is started again after a back-off (1 s, 2 s, 4 s … at most 30 s), each
// restart logged with how it ended; a crash loop is reported with its last
// lines. stop() ends it for good.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RestartPolicy {
  /** The wait before the first restart; doubled for each further crash in a row. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A run this long was healthy: the next crash starts the back-off afresh. */
  healthyAfterMs: number;
  /** This many crashes in a row, none after a healthy run, is a crash loop. */
  crashLoopAfter: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, healthyAfterMs: 60_000, crashLoopAfter: 5 };

/** The wait before restarting after the n-th crash in a row (n ≥ 1). */
export const restartDelay = (policy: RestartPolicy, crashesInARow: number): number =>
  Math.min(policy.firstDelayMs * 2 ** (crashesInARow - 1), policy.maxDelayMs);

export const describeExit = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal ? `signal ${signal}` : `exit code ${code}`;

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`);

export interface SupervisorEvents {
  /** A line the process wrote (stdout or stderr). */
  line(line: string): void;
  /** What the supervisor has to say (restarts, crash loops). */
  say(message: string): void;
  /** The process was started; `restart` is 0 the first time. */
  started?(child: ChildProcess, restart: number): void;
}

export class Supervisor {
  readonly name: string;
  readonly #spawn: () => ChildProcess;
  readonly #policy: RestartPolicy;
  readonly #events: SupervisorEvents;
  #child: ChildProcess | undefined;
  #restarts = 0;
  #crashesInARow = 0;
  #pendingRestart: NodeJS.Timeout | undefined;
  #healthy: NodeJS.Timeout | undefined;
  #stopping: Promise<void> | undefined;
  /** The last lines of output, shown when a crash loop is reported. */
  readonly #recent: string[] = [];

  /** `spawn` starts the process with stdout and stderr piped. */
  constructor(name: string, spawn: () => ChildProcess, events: SupervisorEvents, policy: RestartPolicy = RESTART_POLICY) {
    this.name = name;
    this.#spawn = spawn;
    this.#events = events;
    this.#policy = policy;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get restarts(): number {
    return this.#restarts;
  }

  start(): void {
    const child = this.#spawn();
    this.#child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.#recent.push(line);
        if (this.#recent.length > 15) this.#recent.shift();
        this.#events.line(line);
      });
    }
    this.#healthy = setTimeout(() => (this.#crashesInARow = 0), this.#policy.healthyAfterMs);
    this.#healthy.unref();
    child.once('error', (err) => this.#events.say(`${this.name} could not be started: ${err.message}`));
    // 'close' (not 'exit'): after its last lines are read, so a crash loop report shows them.
    child.once('close', (code, signal) => this.#exited(code, signal));
    this.#events.started?.(child, this.#restarts);
  }

  #exited(code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.#healthy);
    this.#child = undefined;
    if (this.#stopping) return;
    this.#crashesInARow += 1;
    this.#restarts += 1;
    const delay = restartDelay(this.#policy, this.#crashesInARow);
    this.#events.say(
      `${this.name} stopped unexpectedly (${describeExit(code, signal)}); restarting it in ${seconds(delay)} ` +
        `(restart ${this.#restarts}${this.#crashesInARow > 1 ? `, crash ${this.#crashesInARow} in a row` : ''})`,
    );
    if (this.#crashesInARow === this.#policy.crashLoopAfter) {
      this.#events.say(
        [
          `${this.name} is in a CRASH LOOP: it stopped ${this.#crashesInARow} times in a row, each time within ${seconds(this.#policy.healthyAfterMs)} of starting (last: ${describeExit(code, signal)}). Its last lines:`,
          ...this.#recent.map((line) => `    ${line}`),
          `  It is restarted every ${seconds(this.#policy.maxDelayMs)} at most until it stays up; fix the cause, or stop everything (Ctrl-C).`,
        ].join('\n'),
      );
    }
    this.#recent.length = 0;
    this.#pendingRestart = setTimeout(() => {
      this.#pendingRestart = undefined;
      if (!this.#stopping) this.start();
    }, delay);
  }

  /**
   * No more restarts; SIGTERM to the process, and SIGKILL to its process
   * group after `graceMs`. Resolves once it has exited.
   */
  stop(graceMs: number): Promise<void> {
    this.#stopping ??= (async () => {
      clearTimeout(this.#pendingRestart);
      const child = this.#child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => {
        this.#events.say(`${this.name} did not stop within ${seconds(graceMs)}; killing it`);
        kill(child, 'SIGKILL', true);
      }, graceMs);
      kill(child, 'SIGTERM', false);
      await exited;
      clearTimeout(timer);
    })();
    return this.#stopping;
  }
}

/** To the process, or its whole process group (it leads one when spawned detached). */
function kill(child: ChildProcess, signal: NodeJS.Signals, group: boolean): void {
  try {
    if (group && child.pid) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}
