import type { Model, UpdateQuery } from 'mongoose';
import type { EventEnvelope } from '@webitr/contracts';
import { dependencyUnavailable } from '../errors.ts';
import { withOutbox } from '../outbox/outbox.ts';

/** A document guarded by a version number that every write increments. */
export interface Versioned {
  _id: string;
  version: number;
}

export interface VersionedWriteOptions {
  /** Events the change publishes, written into the same document in the same write (outbox). */
  events?: readonly EventEnvelope[];
  /** Told once the events are stored: the outbox relay's kick. */
  kick?: () => void;
  /** What else the document must still be, beside its version (a form's status). */
  where?: Record<string, unknown>;
}

/**
 * One write conditional on the version `current` was read at: the update, the
 * version's increment and the events in one single-document write. Answers
 * whether it won — false when someone changed the document since (or it is
 * gone). The only atomicity there is without transactions, on MongoDB and on
 * FerretDB alike (where a service's single connection serves it in order).
 */
export async function writeWithVersion<T extends Versioned>(
  model: Model<T>,
  current: Versioned,
  update: UpdateQuery<T>,
  options: VersionedWriteOptions = {},
): Promise<boolean> {
  const { events = [], kick, where = {} } = options;
  const versioned = { ...update, $inc: { ...(update.$inc as object | undefined), version: 1 } } as UpdateQuery<T>;
  const result = await model.updateOne(
    { ...where, _id: current._id, version: current.version } as never,
    events.length > 0 ? withOutbox(versioned, events) : versioned,
  );
  if (result.matchedCount !== 1) return false;
  if (events.length > 0) kick?.();
  return true;
}

/** What a decision on the document read asks to write; anything else the caller needs may ride along (`C`). */
export interface VersionedChange<T> {
  update: UpdateQuery<T>;
  events?: readonly EventEnvelope[];
  /** Undo what deciding did outside the document (a claimed key) when the write is lost or fails. */
  undo?: () => Promise<void>;
}

export interface UpdateWithVersionOptions {
  /** How often to read, decide and write before giving up (a lost race is decided again on the new state). Default 1. */
  attempts?: number;
  /** The version the caller's screen showed: any other is refused at once, never retried. */
  expectedVersion?: number;
  /** The refusal: a version other than expected, a lost race with expectedVersion, or every attempt lost. */
  conflict: () => Error;
  /** No such document; without it the answer is undefined. */
  notFound?: () => Error;
  /** Wait before attempt n (1, 2, …) so that contenders stop colliding; none by default. */
  backoffMs?: (attempt: number) => number;
  /** The outbox relay's kick, once a change with events is stored. */
  kick?: () => void;
}

export interface VersionedUpdate<T, C> {
  /** The document as read (and decided on). */
  doc: T;
  /** The change written; undefined when `decide` found nothing to write. */
  change: C | undefined;
}

/**
 * Read, decide, write conditional on the version read; on a lost race read
 * again and decide anew (up to `attempts`), so concurrent changes never
 * overwrite each other. `decide` answers undefined for nothing to write and
 * may throw to refuse.
 */
export async function updateWithVersion<T extends Versioned, C extends VersionedChange<T>>(
  model: Model<T>,
  id: string,
  decide: (doc: T) => C | undefined | Promise<C | undefined>,
  options: UpdateWithVersionOptions & { notFound: () => Error },
): Promise<VersionedUpdate<T, C>>;
export async function updateWithVersion<T extends Versioned, C extends VersionedChange<T>>(
  model: Model<T>,
  id: string,
  decide: (doc: T) => C | undefined | Promise<C | undefined>,
  options: UpdateWithVersionOptions,
): Promise<VersionedUpdate<T, C> | undefined>;
export async function updateWithVersion<T extends Versioned, C extends VersionedChange<T>>(
  model: Model<T>,
  id: string,
  decide: (doc: T) => C | undefined | Promise<C | undefined>,
  options: UpdateWithVersionOptions,
): Promise<VersionedUpdate<T, C> | undefined> {
  const { attempts = 1, expectedVersion, conflict, notFound, backoffMs, kick } = options;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0 && backoffMs) await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    const doc = await model.findById(id).lean<T>();
    if (!doc) {
      if (notFound) throw notFound();
      return undefined;
    }
    if (expectedVersion !== undefined && doc.version !== expectedVersion) throw conflict();
    const change = await decide(doc);
    if (!change) return { doc, change: undefined };
    let won: boolean;
    try {
      won = await writeWithVersion(model, doc, change.update, {
        ...(change.events ? { events: change.events } : {}),
        ...(kick ? { kick } : {}),
      });
    } catch (error) {
      // Undo only what surely was not written: a store that stopped answering may have applied the write
      // (the claims stay then; a stale claim is taken back later), a refusal from the store did not.
      if (!dependencyUnavailable(error)) await change.undo?.();
      throw error;
    }
    if (won) return { doc, change };
    await change.undo?.();
    if (expectedVersion !== undefined) break;
  }
  throw conflict();
}
