import { randomUUID } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo.ts';

/**
 * Ids of events a consumer has applied, and claims on events being applied.
 * The `_id` is the unique index: `<consumer>:<event id>` once the event is
 * applied (a redelivered event finds it and is a no-op), `<consumer>:<event
 * id>:claim` while one consumer instance runs its handler. Only inserts on the
 * way of an event — no update: FerretDB serves an update's filter by scanning
 * the collection, which grows with every event; claims are pruned with the rest.
 * Query served: by _id on every delivery; by consumer + processedAt for pruning.
 */
interface ProcessedEvent {
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  processedAt: Date;
  /** On a claim: the instance that made it. */
  owner?: string;
}

const processedEventSchema = new Schema<ProcessedEvent>(
  {
    _id: { type: String, required: true },
    consumer: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    processedAt: { type: Date, required: true },
    owner: { type: String, required: false },
  },
  { collection: 'processed_events', versionKey: false },
).index({ consumer: 1, processedAt: 1 });

/** What a claim on an event came to. */
export type InboxClaim =
  | { state: 'mine' }
  | { state: 'done' }
  /** Another instance (or an earlier attempt of this one, `ours`) claimed it at `since` and has not finished. */
  | { state: 'applying'; since: Date; ours: boolean };

/**
 * A consumer's inbox. An event is claimed before its handler runs, by
 * inserting a claim record: a unique `_id` is atomic across connections on
 * MongoDB and on FerretDB v1 alike, so of two instances handed the same event
 * at once (a republished duplicate), one applies it and the other waits for
 * it. When the handler has succeeded the event's own record is inserted; a
 * claim whose instance died goes stale and is taken over.
 */
export class Inbox {
  readonly #model: Model<ProcessedEvent>;
  readonly #consumer: string;
  /** This instance, in the claims it makes. */
  readonly #owner = randomUUID();

  constructor(connection: Connection, consumer: string) {
    this.#model =
      (connection.models.ProcessedEvent as Model<ProcessedEvent> | undefined) ??
      connection.model<ProcessedEvent>('ProcessedEvent', processedEventSchema);
    this.#consumer = consumer;
  }

  /** Build the pruning index (the consumer does this when it starts). */
  async ensureIndexes(): Promise<void> {
    await this.#model.createIndexes();
  }

  /** Whether the event has been applied. */
  async has(eventId: string): Promise<boolean> {
    return (await this.#model.exists({ _id: this.#key(eventId) })) !== null;
  }

  /** Claim the event for this instance, unless it is done or another claim stands. */
  async claim(eventId: string, type: string): Promise<InboxClaim> {
    if (await this.has(eventId)) return { state: 'done' };
    const now = new Date();
    if (await this.#insert({ _id: this.#claimKey(eventId), eventId, type, processedAt: now, owner: this.#owner })) return { state: 'mine' };
    // Done meanwhile (its claim stays until pruned), or being applied.
    if (await this.has(eventId)) return { state: 'done' };
    const claim = await this.#model.findById(this.#claimKey(eventId), { processedAt: 1, owner: 1 }).lean<ProcessedEvent>();
    if (!claim) return this.claim(eventId, type); // given up just now: claim again
    return { state: 'applying', since: new Date(claim.processedAt), ours: claim.owner === this.#owner };
  }

  /** The handler succeeded: the event is applied (its claim is left for pruning: a delete scans on FerretDB). */
  async done(eventId: string, type: string): Promise<void> {
    await this.#insert({ _id: this.#key(eventId), eventId, type, processedAt: new Date() });
  }

  /** The handler failed: the claim goes, so the next delivery (here or elsewhere) applies it. */
  async abandon(eventId: string): Promise<void> {
    await this.#model.deleteOne({ _id: this.#claimKey(eventId), owner: this.#owner });
  }

  /**
   * Drop a claim made at `since` (its instance died, or an earlier attempt
   * here could not give it up); the caller claims again, and of several doing
   * so one wins the insert.
   */
  async takeOver(eventId: string, since: Date): Promise<void> {
    await this.#model.deleteOne({ _id: this.#claimKey(eventId), processedAt: since });
  }

  /** No TTL indexes on FerretDB, so old records (and claims) are pruned explicitly. */
  async prune(olderThan: Date): Promise<number> {
    const { deletedCount } = await this.#model.deleteMany({ consumer: this.#consumer, processedAt: { $lt: olderThan } });
    return deletedCount;
  }

  /** Inserts a record of this consumer; false when its `_id` is taken. */
  async #insert(record: Omit<ProcessedEvent, 'consumer'>): Promise<boolean> {
    try {
      await this.#model.create({ ...record, consumer: this.#consumer });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  #key(eventId: string): string {
    return `${this.#consumer}:${eventId}`;
  }

  #claimKey(eventId: string): string {
    return `${this.#consumer}:${eventId}:claim`;
  }
}
