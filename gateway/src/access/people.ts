import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import type { ApiClient, ApiTransport, PersonLookup, PersonSummary } from '@webitr/contracts';
import { NotFoundError, cached, invalidate } from '@webitr/platform';
import type { Logger, Redis } from '@webitr/platform';
import { personNotFound } from './refusals.ts';

/** What the in-process cache holds, and for how long at most. */
const LOCAL_TTL_MS = 15_000;
const LOCAL_MAX = 20_000;
export const FORGET_CHANNEL = 'person-forget';

/**
 * The people the gateway serves, as the directory knows them: looked up at
 * sign-in by the portal's linking claim, then read on each request from a
 * cache that directory events (entitlement granted or revoked, person
 * changed) empty at once.
 *
 * Two levels: Redis, shared by every gateway instance (the directory's event
 * reaches one of them, which deletes the key), and a small in-process map in
 * front of it that saves a Redis round trip per request. The instance that
 * handles the event publishes the person's id on a Redis channel; every
 * instance drops its own entry when it hears it. While that subscription is
 * down the in-process map is not used (and is emptied), so a revocation is
 * never missed for longer than it takes to notice the broken connection.
 */
export class People {
  readonly #directory: ApiClient<typeof directoryInternalApi>;
  readonly #redis: Redis;
  readonly #ttlSeconds: number;
  readonly #logger: Logger;
  readonly #local = new Map<string, { person: PersonSummary; until: number }>();
  #subscriber: Redis | undefined;
  #listening = false;

  /** `directory`: how to reach the directory's internal API (the platform's ServiceClient). */
  constructor(options: { directory: ApiTransport; redis: Redis; ttlSeconds: number; logger: Logger }) {
    this.#directory = createApiClient(directoryInternalApi, options.directory);
    this.#redis = options.redis;
    this.#ttlSeconds = options.ttlSeconds;
    this.#logger = options.logger;
  }

  static cacheKey(personId: string): string {
    return `person:${personId}`;
  }

  /** Listen for other instances' invalidations; until this succeeds the in-process map stays off. */
  async listen(): Promise<void> {
    const subscriber = this.#redis.duplicate();
    this.#subscriber = subscriber;
    const channel = `${this.#redis.options.keyPrefix ?? ''}${FORGET_CHANNEL}`;
    const off = () => {
      if (this.#listening) this.#logger.warn('person invalidation channel lost; in-process cache off');
      this.#listening = false;
      this.#local.clear();
    };
    subscriber.on('close', off);
    subscriber.on('end', off);
    subscriber.on('reconnecting', off);
    subscriber.on('error', off);
    subscriber.on('message', (_channel: string, personId: string) => this.#local.delete(personId));
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(() => {
        this.#local.clear();
        this.#listening = true;
      }, off);
    });
    await new Promise<void>((resolve) => {
      if (this.#listening) return resolve();
      const timer = setInterval(() => {
        if (this.#listening) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
      timer.unref();
      setTimeout(() => (clearInterval(timer), resolve()), 5_000).unref();
    });
  }

  async close(): Promise<void> {
    this.#listening = false;
    this.#local.clear();
    this.#subscriber?.disconnect();
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
    const local = this.#listening ? this.#local.get(personId) : undefined;
    if (local && local.until > now) return local.person;
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
    if (this.#listening) {
      if (this.#local.size >= LOCAL_MAX) this.#local.clear();
      this.#local.set(personId, { person, until: now + LOCAL_TTL_MS });
    }
    return person;
  }

  /** Drop the person everywhere: Redis, and (through the channel) every instance's own map. */
  async forget(personId: string): Promise<void> {
    this.#local.delete(personId);
    await invalidate(this.#redis, People.cacheKey(personId));
    await this.#redis.publish(`${this.#redis.options.keyPrefix ?? ''}${FORGET_CHANNEL}`, personId);
  }
}
