import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import type { ApiClient, ApiTransport, PersonLookup, PersonSummary } from '@webitr/contracts';
import { NotFoundError, cached, invalidate } from '@webitr/platform';
import type { Logger, Redis } from '@webitr/platform';
import type { Invalidations } from '../session/invalidations.ts';
import { personNotFound } from './refusals.ts';

/** What the in-process cache holds, and for how long at most. */
const LOCAL_TTL_MS = 15_000;
const LOCAL_MAX = 20_000;

/**
 * The people the gateway serves, as the directory knows them: looked up at
 * sign-in by the portal's linking claim, then read on each request from a
 * cache that directory events (entitlement granted or revoked, person
 * changed) empty at once.
 *
 * Two levels: Redis, shared by every gateway instance (the directory's event
 * reaches one of them, which deletes the key), and a small in-process map in
 * front of it that saves a Redis round trip per request. The instance that
 * handles the event publishes the person's id (Invalidations); every
 * instance drops its own entry — and the person's cached sessions and
 * assertions — when it hears it. While that subscription is not live the
 * in-process map is not used (and is emptied), so a revocation is never
 * missed for longer than it takes to notice the broken connection.
 */
export class People {
  readonly #directory: ApiClient<typeof directoryInternalApi>;
  readonly #redis: Redis;
  readonly #ttlSeconds: number;
  readonly #logger: Logger;
  readonly #invalidations: Invalidations;
  readonly #local = new Map<string, { person: PersonSummary; until: number }>();

  /** `directory`: how to reach the directory's internal API (the platform's ServiceClient). */
  constructor(options: { directory: ApiTransport; redis: Redis; ttlSeconds: number; logger: Logger; invalidations: Invalidations }) {
    this.#directory = createApiClient(directoryInternalApi, options.directory);
    this.#redis = options.redis;
    this.#ttlSeconds = options.ttlSeconds;
    this.#logger = options.logger;
    this.#invalidations = options.invalidations;
    options.invalidations.on('invalidation', (invalidation) => {
      if (invalidation.kind === 'person') this.#local.delete(invalidation.personId);
    });
    options.invalidations.on('lost', () => this.#local.clear());
    options.invalidations.on('live', () => this.#local.clear());
  }

  static cacheKey(personId: string): string {
    return `person:${personId}`;
  }

  /** The person a portal sign-in belongs to, or undefined. */
  async lookup(lookup: PersonLookup): Promise<PersonSummary | undefined> {
    try {
      return await this.#directory.lookupPerson({ body: lookup });
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The person's current record: status, roles and apps (cached; dropped by directory events). */
  async current(personId: string): Promise<PersonSummary> {
    const now = Date.now();
    const live = this.#invalidations.live;
    const local = live ? this.#local.get(personId) : undefined;
    if (local && local.until > now) return local.person;
    // Kept only if nothing was invalidated while the record was read (a change that raced with the read).
    const ticket = this.#invalidations.epoch;
    let person: PersonSummary;
    try {
      person = await cached(
        this.#redis,
        People.cacheKey(personId),
        this.#ttlSeconds,
        () => this.#directory.getPersonSummary({ params: { personId } }),
        this.#logger,
      );
    } catch (error) {
      if (error instanceof NotFoundError) throw personNotFound();
      throw error;
    }
    if (live && this.#invalidations.live && ticket === this.#invalidations.epoch) {
      if (this.#local.size >= LOCAL_MAX) this.#local.clear();
      this.#local.set(personId, { person, until: now + LOCAL_TTL_MS });
    }
    return person;
  }

  /** Drop the person everywhere: Redis, and (through the channel) every instance's own map, sessions and assertions. */
  async forget(personId: string): Promise<void> {
    await invalidate(this.#redis, People.cacheKey(personId));
    // After the deletion: a read that raced with it is either dropped here or not kept (the epoch moved).
    this.#invalidations.personChanged(personId);
    await this.#redis.publish(this.#invalidations.channel('person'), personId);
  }
}
