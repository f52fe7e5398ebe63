import type { SignedInPerson } from '../signed-in-person.ts';
import type { Invalidations } from './invalidations.ts';

/** What the cache keeps of a session: who, and when its activity was last recorded (for the timeouts). */
export interface CachedSession {
  person: SignedInPerson;
  lastSeenAt?: number;
}

/** Entries beyond this push out the oldest: a bound on memory, not a policy. */
const MAX_ENTRIES = 50_000;

/**
 * Signed-in sessions as this gateway instance last read them from Redis,
 * kept for a few seconds (`SESSION_CACHE_SECONDS`), so that a call to a
 * service does not read Redis at all. Keyed by the session's key (a hash of
 * its id, as the invalidations carry it).
 *
 * Safe because an ended session is dropped at once everywhere: every end of
 * a session (sign-out, back-channel logout, all of a person's sessions ended,
 * a person found separated or suspended, a session deleted by express-session)
 * publishes its key in the same MULTI as the deletion, and a changed person
 * (the directory's events: status, roles, apps granted or revoked) drops
 * their sessions too. While the subscription is not live the cache is
 * neither read nor filled, and it is emptied when the subscription is lost.
 *
 * Only a session that is plainly current is kept; the timeouts are worked
 * out again from the entry on each use, and anything but "current" (idle or
 * absolute timeout reached, or activity due to be recorded) goes back to
 * Redis, which may know of activity another instance recorded.
 */
export class SessionCache {
  readonly #ttlMs: number;
  readonly #invalidations: Invalidations;
  readonly #entries = new Map<string, CachedSession & { until: number }>();

  constructor(options: { ttlSeconds: number; invalidations: Invalidations }) {
    this.#ttlMs = options.ttlSeconds * 1000;
    this.#invalidations = options.invalidations;
    options.invalidations.on('invalidation', (invalidation) => {
      if (invalidation.kind === 'session') this.#entries.delete(invalidation.key);
      else for (const [key, entry] of this.#entries) if (entry.person.id === invalidation.personId) this.#entries.delete(key);
    });
    options.invalidations.on('lost', () => this.#entries.clear());
  }

  /** Whether the cache may be used now: on, and the invalidation channel live. */
  get enabled(): boolean {
    return this.#ttlMs > 0 && this.#invalidations.live;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedSession | undefined {
    if (!this.enabled) return undefined;
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > performance.now()) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  /** Taken before reading Redis: `set` keeps what was read only if no invalidation came in between. */
  ticket(): number {
    return this.#invalidations.epoch;
  }

  set(key: string, session: CachedSession, ticket: number): void {
    if (!this.enabled || ticket !== this.#invalidations.epoch) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { person: session.person, lastSeenAt: session.lastSeenAt, until: performance.now() + this.#ttlMs });
  }

  /** Not current any more from this entry's point of view (timeouts, activity due): read Redis next time. */
  forget(key: string): void {
    this.#entries.delete(key);
  }
}
