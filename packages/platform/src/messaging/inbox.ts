import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo.ts';

/**
 * Ids of events a consumer has already applied. The `_id` (consumer + event id)
 * is the unique index that makes a redelivered event a no-op.
 * Query served: by _id on every delivery; by consumer + processedAt for pruning.
 */
interface ProcessedEvent {
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  processedAt: Date;
}

const processedEventSchema = new Schema<ProcessedEvent>(
  {
    _id: { type: String, required: true },
    consumer: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    processedAt: { type: Date, required: true },
  },
  { collection: 'processed_events', versionKey: false },
).index({ consumer: 1, processedAt: 1 });

export class Inbox {
  readonly #model: Model<ProcessedEvent>;

  readonly #consumer: string;

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

  async has(eventId: string): Promise<boolean> {
    return (await this.#model.exists({ _id: this.#key(eventId) })) !== null;
  }

  async record(eventId: string, type: string): Promise<void> {
    try {
      await this.#model.create({ _id: this.#key(eventId), consumer: this.#consumer, eventId, type, processedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** No TTL indexes on FerretDB, so old records are pruned explicitly. */
  async prune(olderThan: Date): Promise<number> {
    const { deletedCount } = await this.#model.deleteMany({ consumer: this.#consumer, processedAt: { $lt: olderThan } });
    return deletedCount;
  }

  #key(eventId: string): string {
    return `${this.#consumer}:${eventId}`;
  }
}
