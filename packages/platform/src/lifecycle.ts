import type { Logger } from './logger.ts';
import { flushTelemetry } from './telemetry/flush.ts';

/**
 * Shutdown runs phase by phase in this order, whatever order steps were added
 * in: the reverse of start-up (see service.ts), so nothing stops while
 * something started after it may still use it.
 */
export const SHUTDOWN_PHASES = ['stop-accepting', 'stop-jobs', 'stop-consuming', 'flush', 'disconnect'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

export interface ShutdownStep {
  phase: ShutdownPhase;
  name: string;
  run: () => Promise<unknown> | unknown;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting requests and drain them,
 * stop the timed jobs, stop consumers, flush the outbox, close connections; the whole within a bound,
 * after which the process exits anyway.
 */
export class Lifecycle {
  readonly #steps: ShutdownStep[] = [];
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  #shutdown: Promise<void> | undefined;

  constructor(logger: Logger, timeoutMs: number) {
    this.#logger = logger.child({ module: 'lifecycle' });
    this.#timeoutMs = timeoutMs;
  }

  get shuttingDown(): boolean {
    return this.#shutdown !== undefined;
  }

  onShutdown(phase: ShutdownPhase, name: string, run: ShutdownStep['run']): void {
    this.#steps.push({ phase, name, run });
  }

  /** Run every step once; later calls return the same promise. */
  shutdown(reason: string): Promise<void> {
    this.#shutdown ??= this.#runSteps(reason);
    return this.#shutdown;
  }

  async #runSteps(reason: string): Promise<void> {
    this.#logger.info({ reason }, 'shutting down');
    const deadline = Date.now() + this.#timeoutMs;
    const ordered = SHUTDOWN_PHASES.flatMap((phase) => this.#steps.filter((step) => step.phase === phase));
    for (const step of ordered) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.#logger.warn({ step: step.name }, 'shutdown time used up; skipping the remaining steps');
        break;
      }
      try {
        await withTimeout(Promise.resolve(step.run()), left, step.name);
        this.#logger.debug({ step: step.name }, 'shutdown step done');
      } catch (err) {
        this.#logger.error({ err, step: step.name }, 'shutdown step failed');
      }
    }
    this.#logger.info('stopped');
  }

  /** Exit the process after a graceful shutdown when SIGTERM or SIGINT arrives. */
  installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        // A hard bound even if a step ignores its timeout.
        setTimeout(() => process.exit(1), this.#timeoutMs + 1_000).unref();
        void this.shutdown(signal)
          .then(() => flushTelemetry())
          .then(() => process.exit(0));
      });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
