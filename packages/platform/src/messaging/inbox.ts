import { randomUUID } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo.ts';

/**
 * Ids of events a consumer has applied, or is applying. The `_id` (consumer +
 * event id) is the unique index that makes a redelivered event a no-op.
 * While `applying` is set, one consumer instance has claimed the event and is
 * running its handler; a record without it is done.
 * Query served: by _id on every delivery; by consumer + processedAt for pruning.
 */
interface ProcessedEvent {
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  processedAt: Date;
  applying?: { owner: string; since: Date };
}

const processedEventSchema = new Schema<ProcessedEvent>(
  {
    _id: { type: String, required: true },
    consumer: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    processedAt: { type: Date, required: true },
    applying: { type: new Schema({ owner: String, since: Date }, { _id: false }), required: false },
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
 * inserting its record: a unique `_id` is atomic across connections on
 * MongoDB and on FerretDB v1 alike, so of two instances handed the same event
 * at once (a republished duplicate), one applies it and the other waits for
 * it. A claim whose instance died goes stale and is taken over.
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

  /** Whether the event has been applied (claimed and finished). */
  async has(eventId: string): Promise<boolean> {
    return (await this.#model.exists({ _id: this.#key(eventId), applying: { $exists: false } })) !== null;
  }

  /** Claim the event for this instance, unless it is done or another claim stands. */
  async claim(eventId: string, type: string): Promise<InboxClaim> {
    const now = new Date();
    try {
      await this.#model.create({
        _id: this.#key(eventId),
        consumer: this.#consumer,
        eventId,
        type,
        processedAt: now,
        applying: { owner: this.#owner, since: now },
      });
      return { state: 'mine' };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const record = await this.#model.findById(this.#key(eventId), { applying: 1 }).lean<Pick<ProcessedEvent, 'applying'>>();
    if (!record) return this.claim(eventId, type); // given up just now: claim again
    if (!record.applying) return { state: 'done' };
    return { state: 'applying', since: new Date(record.applying.since), ours: record.applying.owner === this.#owner };
  }

  /** The handler succeeded: the event is applied. */
  async done(eventId: string): Promise<void> {
    await this.#model.updateOne({ _id: this.#key(eventId) }, { $unset: { applying: '' }, $set: { processedAt: new Date() } });
  }

  /** The handler failed: the claim goes, so the next delivery (here or elsewhere) applies it. */
  async abandon(eventId: string): Promise<void> {
    await this.#model.deleteOne({ _id: this.#key(eventId), 'applying.owner': this.#owner });
  }

  /**
   * Drop a claim that stands since `since` (its instance died, or an earlier
   * attempt here could not give it up); the caller claims again, and of
   * several doing so one wins the insert.
   */
  async takeOver(eventId: string, since: Date): Promise<void> {
    await this.#model.deleteOne({ _id: this.#key(eventId), 'applying.since': since });
  }

  /** No TTL indexes on FerretDB, so old records are pruned explicitly (a claim is never that old). */
  async prune(olderThan: Date): Promise<number> {
    const { deletedCount } = await this.#model.deleteMany({ consumer: this.#consumer, processedAt: { $lt: olderThan } });
    return deletedCount;
  }

  #key(eventId: string): string {
    return `${this.#consumer}:${eventId}`;
  }
}
