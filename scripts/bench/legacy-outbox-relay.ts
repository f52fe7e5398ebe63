// The outbox relay as it was before issue 11 (packages/platform/src/outbox/relay.ts at
// df4c78d), kept only as the baseline of `npm run bench:outbox`: a scan for up to 100
// pending documents per pass, then for each document a conditional claim, each event
// published and awaited alone and removed by its own conditional update, and a release;
// the next pass only on a kick or the 1 s poll. `halt()` was added so the benchmark can
// leave it without draining the rest.
import type { Model } from 'mongoose';
import type { Broker, Logger, OutboxEntry, OutboxFields } from '@webitr/platform';

export interface LegacyOutboxRelayOptions {
  broker: Broker;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model whose schema has the outbox fields
  models: readonly Model<any>[];
  logger: Logger;
  /** Safety net for events a kick missed (a crash between write and publish). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** How long one relay owns a document's outbox; another process takes over after it. */
  leaseMs?: number;
}

interface PendingDocument extends OutboxFields {
  _id: unknown;
}

/**
 * Publishes the events written into documents' outboxes, with broker confirms,
 * then removes each one. After a crash or a broker outage it simply resumes:
 * nothing is removed before the broker has confirmed it, so no event is lost;
 * an event may be published twice, which consumers absorb through their inbox.
 */
export class LegacyOutboxRelay {
  readonly #options: Required<LegacyOutboxRelayOptions>;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #again = false;
  #stopped = false;

  constructor(options: LegacyOutboxRelayOptions) {
    this.#options = { pollIntervalMs: 1_000, batchSize: 100, leaseMs: 30_000, ...options };
    this.#logger = options.logger.child({ module: 'outbox' });
  }

  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.#options.pollIntervalMs);
    this.#timer.unref();
    this.kick();
  }

  /** Publish soon; call after a write that added events. Concurrent kicks coalesce. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.drain().catch((err) => this.#logger.warn({ err }, 'relay run failed; will retry'));
  }

  /** Publish everything pending now; resolves with the number of events published. */
  drain(): Promise<number> {
    this.#running ??= this.#drainLoop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #drainLoop(): Promise<number> {
    let total = 0;
    do {
      this.#again = false;
      for (const model of this.#options.models) total += await this.#relayModel(model);
    } while (this.#again && !this.#stopped);
    return total;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async #relayModel(model: Model<any>): Promise<number> {
    const now = new Date();
    const pending = await model
      .find({ outboxCount: { $gt: 0 } }, { _id: 1, outboxLeaseUntil: 1 })
      .limit(this.#options.batchSize)
      .lean<PendingDocument[]>();
    let published = 0;
    for (const candidate of pending) {
      if (this.#stopped) break; // added for halt()
      if (candidate.outboxLeaseUntil && candidate.outboxLeaseUntil > now) continue;
      // Claim the lease and read the outbox in one step: what another relay already published is gone from it.
      const doc = await model
        .findOneAndUpdate(
          { _id: candidate._id, $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }] },
          { $set: { outboxLeaseUntil: new Date(now.getTime() + this.#options.leaseMs) } },
          { returnDocument: 'after' },
        )
        .lean<PendingDocument>();
      if (!doc) continue;
      try {
        published += await this.#publishDocument(model, doc);
      } finally {
        await model.updateOne({ _id: doc._id }, { $set: { outboxLeaseUntil: new Date(0) } });
      }
    }
    return published;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async #publishDocument(model: Model<any>, doc: PendingDocument): Promise<number> {
    const entries = Object.values(doc.outbox ?? {}).sort((a: OutboxEntry, b: OutboxEntry) => a.seq - b.seq);
    let published = 0;
    for (const { event } of entries) {
      try {
        await this.#options.broker.publish(event);
      } catch (err) {
        // Keep the order: the rest of this document's events wait for the next run.
        this.#logger.warn({ err, eventId: event.id, eventType: event.type }, 'publish not confirmed; kept in the outbox');
        return published;
      }
      await model.updateOne(
        { _id: doc._id, [`outbox.${event.id}`]: { $exists: true } },
        { $unset: { [`outbox.${event.id}`]: '' }, $inc: { outboxCount: -1 } },
      );
      published += 1;
    }
    return published;
  }

  /** Stop polling and kicks without publishing what is left (the benchmark's clean-up). */
  halt(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  /** Stop polling and publish what is left (bounded by the caller's shutdown timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
    await this.drain();
  }
}
