import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import type { RequestHandler } from 'express';
import { UnavailableError } from '@webitr/platform';

/**
 * How many filings (差假 and 加班, single or 多人) this process works on at
 * once, and how many may wait for a turn; one more is refused at once with a
 * retryable 503 `LEAVE_BUSY`. Without it, a burst beyond what the store
 * serves queued without bound on the process's store connection (one, on
 * FerretDB): every filing waited behind all the others, past the gateway's
 * 30-second hop (502 to the person, while the work went on for nobody), the
 * idempotency leases were renewed again and again, and the outbox relay's
 * reads and writes waited in the same queue — submitted forms' events, and so
 * the deputies' mails, came minutes late. Refusing early keeps the queue short
 * enough that what is accepted is answered and published promptly.
 */
export class FilingGate {
  readonly #limit: LimitFunction;
  readonly #waiting: number;

  constructor(options: { concurrency: number; waiting: number }) {
    this.#limit = pLimit(options.concurrency);
    this.#waiting = options.waiting;
  }

  /** Filings being worked on now. */
  get inProgress(): number {
    return this.#limit.activeCount;
  }

  /** No turn free and nobody more may wait. */
  get full(): boolean {
    return this.#limit.activeCount >= this.#limit.concurrency && this.#limit.pendingCount >= this.#waiting;
  }

  /** The work in its turn, or 503 LEAVE_BUSY at once when full. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.full ? Promise.reject(busy()) : this.#limit(work);
  }

  /**
   * Refuses a filing request when full before anything else is done for it —
   * the platform's Idempotency-Key claim is a store write, and its removal
   * after a refusal another — so a refusal costs the store nothing.
   */
  readonly refuseWhenFull: RequestHandler = (_req, _res, next) => next(this.full ? busy() : undefined);
}

const busy = () => new UnavailableError({ code: 'LEAVE_BUSY', detail: '差勤系統處理中的申請已滿，請稍後再送出' });
