import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { StoreLease } from '../mongo/lease.ts';
import type { Logger } from '../logger.ts';
import type { Broker } from '../messaging/broker.ts';
import type { OutboxEntry, OutboxFields } from './outbox.ts';
import { METRIC } from '../telemetry/metrics.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { extractTraceContext, inSpan, SpanKind } from '../telemetry/tracing.ts';

export interface OutboxRelayOptions {
  broker: Broker;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model whose schema has the outbox fields
  models: readonly Model<any>[];
  logger: Logger;
  /** Safety net for events a kick missed (a crash between write and publish). */
  pollIntervalMs?: number;
  /** Documents read by one scan and published together. */
  batchSize?: number;
  /** A term of the lease on a collection's outboxes; a relay that dies holding it is taken over within two. */
  leaseMs?: number;
  /** Where the backlog, its age and the publications are reported (`/metrics`). */
  metrics?: Metrics;
}

/** A term of a relay's lease on a collection's outboxes (`outbox:<collection>`), unless `leaseMs` says otherwise. */
export const OUTBOX_LEASE_TERM_MS = 15_000;

/** Documents read to find the oldest pending event (the backlog's age); the count covers them all. */
const AGE_SAMPLE = 1_000;

interface PendingDocument extends OutboxFields {
  _id: unknown;
}

/** What one document's publication came to. */
interface Outcome {
  doc: PendingDocument;
  /** Ids of the events the broker confirmed, in order. */
  confirmed: string[];
  error?: unknown;
}

/**
 * Publishes the events written into documents' outboxes, with broker confirms,
 * then removes each one. After a crash or a broker outage it simply resumes:
 * nothing is removed before the broker has confirmed it, so no event is lost;
 * an event may be published twice, which consumers absorb through their inbox.
 *
 * Recovery from a backlog costs about one store write per document, and
 * publication does not wait for those writes:
 * - a lease per collection (StoreLease: one small document per term,
 *   claimed by a unique insert, which holds across connections on FerretDB
 *   too) decides which relay publishes that collection's outboxes; a document
 *   is published only while the lease is held for a term (15 s) ahead,
 *   so two relays never publish one document unless a publication and its
 *   removal take longer than that (then consumers' inbox absorbs it), and
 *   nothing needs claiming per document (each claim was a store write and,
 *   on FerretDB v1, which serves any filter but a lone `_id` by scanning, a
 *   scan of the collection);
 * - one scan reads up to `batchSize` pending documents with their outboxes;
 * - documents are published concurrently, each one's events one after the
 *   other in their order, every one awaiting its broker confirm;
 * - as each document is confirmed its events are removed by one update on its
 *   bare `_id` (safe while the lease is ours), queued behind publication
 *   rather than in front of it;
 * - a full batch that published everything is followed at once by the next;
 *   a broker failure ends the run until the next kick, poll, or the broker's
 *   reconnection (which kicks the relay).
 */
export class OutboxRelay {
  readonly #options: Required<Omit<OutboxRelayOptions, 'metrics'>>;
  readonly #logger: Logger;
  readonly #owner = randomUUID();
  readonly #onConnect = () => this.kick();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #again = false;
  #stopped = false;

  readonly #published;
  readonly #failures;

  constructor(options: OutboxRelayOptions) {
    const { metrics, ...rest } = options;
    this.#options = { pollIntervalMs: 1_000, batchSize: 2_000, leaseMs: OUTBOX_LEASE_TERM_MS, ...rest };
    this.#logger = options.logger.child({ module: 'outbox' });
    this.#published = metrics?.counter(METRIC.outboxPublished, 'Outbox events the broker confirmed', ['collection']);
    this.#failures = metrics?.counter(METRIC.outboxPublishFailures, 'Outbox publications the broker did not confirm (kept, tried again)', [
      'collection',
    ]);
    metrics?.gauge(METRIC.outboxPending, 'Events written to outboxes and not yet published', ['collection'], async (gauge) => {
      for (const { collection, pending } of await this.backlog()) gauge.set({ collection }, pending);
    });
    metrics?.gauge(METRIC.outboxOldestAge, 'Age of the oldest unpublished outbox event (0 when none)', ['collection'], async (gauge) => {
      for (const { collection, oldestAgeSeconds } of await this.backlog()) gauge.set({ collection }, oldestAgeSeconds);
    });
  }

  #backlog: Promise<{ collection: string; pending: number; oldestAgeSeconds: number }[]> | undefined;

  /**
   * What waits in each collection's outboxes: the number of events and the
   * age of the oldest (from the first documents found: their order of
   * publication is their `seq`, microseconds since the epoch). One read for
   * both gauges of a scrape.
   */
  backlog(): Promise<{ collection: string; pending: number; oldestAgeSeconds: number }[]> {
    this.#backlog ??= Promise.all(
      this.#options.models.map(async (model) => {
        const [counted] = await model.aggregate<{ pending: number }>([
          { $match: { outboxCount: { $gt: 0 } } },
          { $group: { _id: null, pending: { $sum: '$outboxCount' } } },
        ]);
        const sample = await model
          .find({ outboxCount: { $gt: 0 } }, { outbox: 1 })
          .limit(AGE_SAMPLE)
          .lean<PendingDocument[]>();
        const oldest = Math.min(...sample.flatMap((doc) => Object.values(doc.outbox ?? {}).map((entry) => entry.seq)));
        return {
          collection: model.collection.collectionName,
          pending: counted?.pending ?? 0,
          oldestAgeSeconds: Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest / 1_000) / 1_000) : 0,
        };
      }),
    ).finally(() => setTimeout(() => (this.#backlog = undefined), 1_000).unref());
    return this.#backlog;
  }

  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.#options.pollIntervalMs);
    this.#timer.unref();
    // What piled up while the broker was away goes as soon as it is back, not at the next poll.
    this.#options.broker.connection.on('connect', this.#onConnect);
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

  /** Under the collection's lease, batch after batch until nothing is left or the broker fails. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async #relayModel(model: Model<any>): Promise<number> {
    const lease = new StoreLease(model.db, `outbox:${model.collection.collectionName}`, {
      termMs: this.#options.leaseMs,
      owner: this.#owner,
    });
    if (!(await lease.hold())) return 0; // another relay is on it
    let total = 0;
    try {
      for (;;) {
        const { published, found, failed } = await this.#relayBatch(model, lease);
        total += published;
        // A short batch is the end of the backlog; a batch that moved nothing (outboxCount without events) would only repeat.
        if (failed || found < this.#options.batchSize || published === 0) return total;
      }
    } finally {
      await lease
        .release()
        .catch((err) => this.#logger.warn({ err, model: model.modelName }, 'could not release the outbox lease; it expires'));
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async #relayBatch(model: Model<any>, lease: StoreLease): Promise<{ published: number; found: number; failed: boolean }> {
    const pending = await model
      .find({ outboxCount: { $gt: 0 } }, { _id: 1, outbox: 1 })
      .limit(this.#options.batchSize)
      .lean<PendingDocument[]>();
    if (!pending.length) return { published: 0, found: 0, failed: false };
    // Removals run one after the other behind the publishing (one connection on FerretDB anyway).
    let removals = Promise.resolve();
    let lost = false;
    let storeError: unknown;
    const outcomes = await Promise.all(
      pending.map(async (doc) => {
        // Not published once the lease may be going to another relay, which will publish it.
        const held =
          !lost &&
          storeError === undefined &&
          (await lease.hold().catch((error: unknown) => {
            storeError ??= error;
            return false;
          }));
        if (!held) {
          if (storeError === undefined) lost = true;
          return { doc, confirmed: [] } satisfies Outcome;
        }
        const outcome = await this.#publishDocument(doc);
        this.#published?.inc({ collection: model.collection.collectionName }, outcome.confirmed.length);
        if (outcome.error !== undefined) this.#failures?.inc({ collection: model.collection.collectionName });
        if (outcome.confirmed.length) {
          removals = removals
            .then(async () => {
              if (lost || storeError !== undefined) return;
              if (!(await lease.hold())) {
                lost = true; // another relay has the collection now and will publish these again: at least once
                return;
              }
              await model.updateOne(
                { _id: doc._id },
                {
                  $unset: Object.fromEntries(outcome.confirmed.map((id) => [`outbox.${id}`, ''])),
                  $inc: { outboxCount: -outcome.confirmed.length },
                },
              );
            })
            // Caught on the spot (an unhandled rejection would end the process); the run fails after the publishing.
            .catch((error: unknown) => void (storeError ??= error));
        }
        return outcome;
      }),
    );
    await removals;
    if (storeError !== undefined) throw storeError; // what stays in the outboxes is published again by a later run
    const failures = outcomes.filter((o) => o.error !== undefined);
    if (failures.length) {
      // One line per batch, not per document: an outage fails them all at once.
      this.#logger.warn(
        { err: failures[0]!.error, documents: failures.length, model: model.modelName },
        'publish not confirmed; kept in the outbox',
      );
    }
    if (lost) this.#logger.warn({ model: model.modelName }, 'outbox lease lost to another relay; it publishes the rest');
    return {
      published: outcomes.reduce((sum, o) => sum + o.confirmed.length, 0),
      found: pending.length,
      failed: failures.length > 0 || lost,
    };
  }

  /** One document's events in order, each confirmed before the next; the first failure keeps the rest for a later run. */
  async #publishDocument(doc: PendingDocument): Promise<Outcome> {
    const entries = Object.values(doc.outbox ?? {}).sort((a: OutboxEntry, b: OutboxEntry) => a.seq - b.seq);
    const confirmed: string[] = [];
    for (const { event, trace } of entries) {
      try {
        // A child of the request that wrote the event (its context kept in the entry), though published later.
        await inSpan(
          `${event.type} publish`,
          {
            kind: SpanKind.PRODUCER,
            parent: extractTraceContext(trace),
            attributes: { 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'publish', 'messaging.message.id': event.id },
          },
          () => this.#options.broker.publish(event),
        );
      } catch (error) {
        return { doc, confirmed, error };
      }
      confirmed.push(event.id);
    }
    return { doc, confirmed };
  }

  /** Stop polling and publish what is left (bounded by the caller's shutdown timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#options.broker.connection.off('connect', this.#onConnect);
    await this.#running;
    await this.drain();
  }
}
