import type { Model } from 'mongoose';
import type { Clock, Logger } from '@webitr/platform';
import type { MailState, Notification } from '../models/notification.ts';
import { TokenBucket } from './rate-limit.ts';
import type { MailTransport } from './transport.ts';
import { MailError } from './transport.ts';

export interface MailQueueOptions {
  transport: MailTransport;
  notifications: Model<Notification>;
  clock: Clock;
  logger: Logger;
  perSecond: number;
  concurrency: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** How long an attempt may take: a mail not settled by then is due again (a process that died mid-send). */
  leaseMs: number;
}

/** The wait before attempt `attempts + 1`: the base, doubled after each failure, at most an hour. */
export const backoffMs = (attempts: number, baseMs: number): number => Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);

/**
 * Sends the notifications' mails. The notification documents are the
 * persistent queue: a new one is stored `pending`, due after one lease, and
 * handed here at once (`enqueue`), so a mail leaves as soon as it is stored;
 * if this process dies first, the retry job finds it due once the lease has
 * passed. Each attempt is counted; a failed one is due again after a back-off,
 * and the last (or a permanent refusal) marks it `failed` with the reason.
 * A token bucket keeps to the configured rate; `concurrency` attempts run at once.
 */
export class MailQueue {
  readonly #o: MailQueueOptions;
  readonly #bucket: TokenBucket;
  /** Ids waiting or being sent in this process: what the retry job hands in again is not sent twice meanwhile. */
  readonly #queued = new Set<string>();
  readonly #waiting: { id: string; mail?: MailState }[] = [];
  #running = 0;
  #idle: (() => void)[] = [];

  constructor(options: MailQueueOptions) {
    this.#o = options;
    this.#bucket = new TokenBucket(options.perSecond);
  }

  /**
   * Send this notification's mail now: it was just stored as `mail`, due only
   * after a lease, so neither a claim nor a read is needed before the attempt.
   */
  enqueue(id: string, mail: MailState): void {
    this.#add(id, mail);
  }

  /** The retry job: every mail due now (failed attempts whose back-off has passed, or left by a process that died). */
  async sendDue(): Promise<number> {
    const due = await this.#o.notifications
      .find({ mailDueAt: { $lte: this.#o.clock() } }, { _id: 1 })
      .sort({ mailDueAt: 1 })
      .limit(500)
      .lean<{ _id: string }[]>();
    let added = 0;
    for (const { _id } of due) if (this.#add(_id)) added += 1;
    return added;
  }

  /** Resolves once nothing is waiting or being sent (tests, shutdown). */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  close(): void {
    this.#o.transport.close();
  }

  #add(id: string, mail?: MailState): boolean {
    if (this.#queued.has(id)) return false;
    this.#queued.add(id);
    this.#waiting.push(mail ? { id, mail } : { id });
    this.#pump();
    return true;
  }

  #pump(): void {
    while (this.#running < this.#o.concurrency && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!;
      this.#running += 1;
      void this.#attempt(next.id, next.mail)
        .catch((err: unknown) =>
          this.#o.logger.warn({ err, notificationId: next.id }, 'mail attempt not recorded; the retry job will find it'),
        )
        .finally(() => {
          this.#running -= 1;
          this.#queued.delete(next.id);
          this.#pump();
          if (this.#running === 0 && this.#waiting.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
        });
    }
  }

  /** One attempt: `stored` is the mail as just stored (enqueue), else it is read, and claimed for a lease (the retry job). */
  async #attempt(id: string, stored?: MailState): Promise<void> {
    const { notifications, clock } = this.#o;
    const mail = stored ?? (await notifications.findById(id, { mail: 1 }).lean<Pick<Notification, '_id' | 'mail'>>())?.mail;
    if (!mail || mail.status !== 'pending' || !mail.to) return;
    // Due again only after this attempt's lease: the next retry run leaves it alone meanwhile.
    if (!stored) await notifications.updateOne({ _id: id }, { $set: { mailDueAt: new Date(clock().getTime() + this.#o.leaseMs) } });
    await this.#bucket.take();
    const attempts = mail.attempts + 1;
    try {
      await this.#o.transport.send({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${id.replace(/[^A-Za-z0-9.:-]/g, '')}@webitr.notification>`,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof MailError && err.permanent;
      const now = clock();
      if (permanent || attempts >= this.#o.maxAttempts) {
        this.#o.logger.error({ notificationId: id, attempts, reason }, 'mail could not be sent; marked failed');
        await notifications.updateOne(
          { _id: id },
          {
            $set: { 'mail.status': 'failed', 'mail.attempts': attempts, 'mail.lastError': reason, 'mail.failedAt': now },
            $unset: { mailDueAt: 1 },
          },
        );
      } else {
        const wait = backoffMs(attempts, this.#o.retryBaseMs);
        this.#o.logger.warn({ notificationId: id, attempts, reason, retryInMs: wait }, 'mail attempt failed; will retry');
        await notifications.updateOne(
          { _id: id },
          { $set: { 'mail.attempts': attempts, 'mail.lastError': reason, mailDueAt: new Date(now.getTime() + wait) } },
        );
      }
      return;
    }
    await notifications.updateOne(
      { _id: id },
      { $set: { 'mail.status': 'sent', 'mail.attempts': attempts, 'mail.sentAt': clock() }, $unset: { mailDueAt: 1 } },
    );
  }
}
