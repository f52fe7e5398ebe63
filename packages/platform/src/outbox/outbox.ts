import { randomUUID } from 'node:crypto';
import { Schema } from 'mongoose';
import type { UpdateQuery } from 'mongoose';
import type { EventEnvelope, EventPayload, EventType } from '@webitr/contracts';
import { currentContext } from '../context.ts';
import { traceCarrier } from '../telemetry/tracing.ts';
import type { TraceCarrier } from '../telemetry/tracing.ts';

/**
 * The transactional outbox without transactions: the events a change must
 * publish are written into the changed document itself, in the same
 * single-document atomic write. The relay publishes them and removes them.
 *
 * Pending events live in a map keyed by event id (`outbox.<id>`), because
 * setting and unsetting one key is atomic on both MongoDB and FerretDB v1,
 * which cannot `$pull` by a condition; `outboxCount` (indexed) finds the
 * documents with pending events. Which relay may publish a collection's
 * outboxes is decided by a lease per collection (see relay.ts).
 */
export interface OutboxEntry {
  /** Order of publication within one document. */
  seq: number;
  event: EventEnvelope;
  /**
   * The trace context of the work that wrote the event (`traceparent`), so
   * the relay's publish span, later and maybe in another process, joins that
   * trace; absent when nothing was traced.
   */
  trace?: TraceCarrier;
}

export interface OutboxFields {
  outbox?: Record<string, OutboxEntry>;
  outboxCount?: number;
  /** No longer written (the lease is per collection now); documents from before may still carry it. */
  outboxLeaseUntil?: Date;
}

/** Add these to the schema of every model that publishes events. Query served: `{ outboxCount: { $gt: 0 } }` by the relay. */
export const outboxSchemaFields = {
  outbox: { type: Schema.Types.Mixed },
  outboxCount: { type: Number, default: 0, index: true },
  outboxLeaseUntil: { type: Date },
};

let lastSeq = 0;
/** Time-ordered across processes, strictly increasing within one. */
const nextSeq = () => (lastSeq = Math.max(Date.now() * 1_000, lastSeq + 1));

/** A new integration event, carrying the correlation id of the work that caused it. */
export function createEvent<T extends EventType>(type: T, payload: EventPayload<T>, producer: string): EventEnvelope<EventPayload<T>> {
  const context = currentContext();
  const id = randomUUID();
  return {
    id,
    type,
    occurredAt: new Date().toISOString(),
    producer,
    correlationId: context?.correlationId ?? id,
    payload,
  };
}

const entriesFor = (events: readonly EventEnvelope[]) => {
  const carrier = traceCarrier();
  const trace = Object.keys(carrier).length > 0 ? carrier : undefined;
  return events.map((event) => [event.id, { seq: nextSeq(), event, ...(trace && { trace }) } satisfies OutboxEntry] as const);
};

/** Fields to spread into a new document so its creation and its events are one write. */
export function outboxOnCreate(events: readonly EventEnvelope[]): Required<Pick<OutboxFields, 'outbox' | 'outboxCount'>> {
  return { outbox: Object.fromEntries(entriesFor(events)), outboxCount: events.length };
}

/** Merge the events into an update so the change and its events are one write. */
export function withOutbox<T>(update: UpdateQuery<T>, events: readonly EventEnvelope[]): UpdateQuery<T> {
  const set = Object.fromEntries(entriesFor(events).map(([id, entry]) => [`outbox.${id}`, entry]));
  const inc = { ...(update.$inc as object | undefined), outboxCount: events.length };
  return { ...update, $set: { ...(update.$set as object | undefined), ...set }, $inc: inc } as UpdateQuery<T>;
}
