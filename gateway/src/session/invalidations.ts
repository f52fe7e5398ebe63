import { EventEmitter } from 'node:events';
import type { Logger, Redis } from '@webitr/platform';

/** A session ended (by its key: a hash of its id, never the id), or a person's record changed in the directory. */
export type Invalidation = { kind: 'session'; key: string } | { kind: 'person'; personId: string };

/** The channels, under the namespace's prefix (PUBLISH channels are not keys: ioredis does not prefix them). */
const CHANNELS = { session: 'session-ended', person: 'person-forget' } as const;

/** How long start-up waits for the subscription before answering anyway (with the in-process caches off). */
const LISTEN_WAIT_MS = 5_000;

/**
 * What makes caching inside one gateway instance safe: every instance hears,
 * over Redis pub/sub, that a session has ended or that a person's record has
 * changed anywhere, and drops what it kept about them at once.
 *
 * The instance that ends a session publishes in the same MULTI as the
 * deletion (`SessionRegistry`, `RedisSessionStore`), and tells itself at
 * once (`ended`), without waiting for its own message. `live` is true only
 * while the subscription is connected and Redis has confirmed both channels:
 * while it is not, the in-process caches (sessions, people) are bypassed and
 * emptied, so a message lost in an outage can never keep a revoked session
 * alive. `epoch` moves on every invalidation and every change of `live`: a
 * cache fills an entry only if the epoch has not moved since it started the
 * read, so a read that raced with an invalidation is not kept.
 *
 * Events: `invalidation` (an Invalidation, from this instance or another),
 * `live`, `lost`.
 */
export class Invalidations extends EventEmitter<{ invalidation: [Invalidation]; live: []; lost: [] }> {
  readonly #redis: Redis;
  readonly #logger: Logger;
  readonly #prefix: string;
  readonly #subscriberOptions: { host?: string; port?: number };
  #subscriber: Redis | undefined;
  #live = false;
  #epoch = 0;
  #closed = false;

  /** `subscriber`: where the subscription connects when not the process's Redis (tests put a TCP proxy there). */
  constructor(redis: Redis, logger: Logger, subscriber: { host?: string; port?: number } = {}) {
    super();
    this.#redis = redis;
    this.#logger = logger.child({ module: 'invalidations' });
    this.#prefix = redis.options.keyPrefix ?? '';
    this.#subscriberOptions = subscriber;
  }

  /** The subscription is connected and confirmed: in-process caches may be used. */
  get live(): boolean {
    return this.#live;
  }

  /** Moves on every invalidation and every change of `live`. */
  get epoch(): number {
    return this.#epoch;
  }

  channel(kind: Invalidation['kind']): string {
    return `${this.#prefix}${CHANNELS[kind]}`;
  }

  /** Subscribe; resolves once confirmed, or after a bound (the caches stay off until it is). */
  async listen(): Promise<void> {
    // A connection of its own (a subscribed connection can do nothing else), resubscribed by us on each ready.
    const subscriber = this.#redis.duplicate({ autoResubscribe: false, ...this.#subscriberOptions });
    this.#subscriber = subscriber;
    const channels = [this.channel('session'), this.channel('person')];
    const off = () => {
      if (this.#live && !this.#closed) this.#logger.warn('invalidation channel lost; in-process session and person caches off');
      this.#setLive(false);
    };
    subscriber.on('close', off);
    subscriber.on('end', off);
    subscriber.on('reconnecting', off);
    subscriber.on('error', off);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === channels[0]) this.#emit({ kind: 'session', key: message });
      else if (channel === channels[1]) this.#emit({ kind: 'person', personId: message });
    });
    subscriber.on('ready', () => {
      // The promise resolves when Redis has confirmed every channel: only then may a cache trust that it will hear.
      subscriber.subscribe(...channels).then(() => {
        if (subscriber.status !== 'ready' || this.#closed) return;
        if (!this.#live) this.#logger.info('invalidation channel confirmed; in-process caches on');
        this.#setLive(true);
      }, off);
    });
    if (this.#live) return;
    const signal = AbortSignal.timeout(LISTEN_WAIT_MS);
    await new Promise<void>((resolve) => {
      const done = () => {
        this.off('live', done);
        resolve();
      };
      this.once('live', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Tell this instance at once what it has just published (its own message comes back later too). */
  ended(key: string): void {
    this.#emit({ kind: 'session', key });
  }

  personChanged(personId: string): void {
    this.#emit({ kind: 'person', personId });
  }

  close(): void {
    this.#closed = true;
    this.#setLive(false);
    this.#subscriber?.disconnect();
  }

  #setLive(live: boolean): void {
    if (this.#live === live) return;
    this.#live = live;
    this.#epoch += 1;
    if (live) this.emit('live');
    else this.emit('lost');
  }

  #emit(invalidation: Invalidation): void {
    this.#epoch += 1;
    this.emit('invalidation', invalidation);
  }
}
