import { createHash } from 'node:crypto';
import { once } from 'node:events';
import session from 'express-session';
import type { SessionData } from 'express-session';
import { UnavailableError } from '@webitr/platform';
import type { Logger, Redis } from '@webitr/platform';
import type { Invalidations } from './invalidations.ts';

/** How long a browser or client is asked to wait when the session store is down (Redis reconnects within 5 s). */
const RETRY_AFTER_SECONDS = 5;

/** 503: the session store (Redis) did not answer; nothing about the session was decided or changed. */
export class SessionStoreUnavailableError extends UnavailableError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(cause?: unknown) {
    super({
      code: 'SESSION_STORE_UNAVAILABLE',
      title: '登入狀態暫時無法確認，請稍後再試',
      detail: '系統暫時無法讀取登入狀態，您的登入並未結束，請稍候幾秒再試。',
      cause,
    });
  }
}

/** A session store command, its failure told as SESSION_STORE_UNAVAILABLE (never as "no session"). */
export function storeCall<T>(command: Promise<T>): Promise<T> {
  return command.catch((err: unknown) =>
    Promise.reject(err instanceof SessionStoreUnavailableError ? err : new SessionStoreUnavailableError(err)),
  );
}

/**
 * The Redis client for everything about sessions (the store, the cheap reads,
 * the registry of who holds which session): a connection of its own that
 * fails fast and never replays. The process's shared client queues commands
 * while Redis is away and sends them when it is back; for sessions that is
 * wrong twice over: requests hang instead of answering 503, and a DEL queued
 * during the outage (a session thought gone) runs after the restore and
 * signs the person out. So: no offline queue, no resending of commands that
 * were in flight when the connection dropped, and a command timeout for a
 * Redis that is connected but does not answer. Reads are auto-pipelined, so
 * the requests arriving together share a round trip.
 */
export function sessionStoreClient(redis: Redis, logger: Logger): Redis {
  const client = redis.duplicate({
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
  });
  client.on('error', (err: Error) => logger.warn({ err: err.message, module: 'redis' }, 'redis error (sessions)'));
  return client;
}

/** Wait (within a bound) for the session client's first connection; a Redis that is down at start means 503s until it is back. */
export async function sessionStoreReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  const signal = AbortSignal.timeout(timeoutMs);
  return once(client, 'ready', { signal }).then(
    () => true,
    () => false,
  );
}

/**
 * express-session store on ioredis (the session client above).
 *
 * Why not connect-redis: since v8 it targets node-redis only, and every process
 * here already holds an ioredis client (with the namespace key prefix and the
 * reconnect policy) to derive the session client from. The store is small — get, set
 * with a TTL, destroy — and it deliberately has no `touch`: express-session
 * would otherwise write to Redis on every request. Activity is recorded by the
 * session guard at most once a minute, which saves the session and renews
 * its TTL (see SessionGuard).
 *
 * The TTL of a signed-in session is what is left of its idle timeout, capped
 * by its absolute timeout; an unfinished sign-in lives `pendingTtlSeconds`.
 */
/**
 * A session's key outside its own record: a hash of its id, never the id itself. The tombstone an ended
 * session leaves (see SessionRegistry), the invalidation every gateway instance hears when it ends, and the
 * in-process caches use it.
 */
export const sessionKey = (sid: string): string => createHash('sha256').update(sid).digest('base64url');

/** The tombstone an ended session leaves (see SessionRegistry). */
export const endedKey = (sid: string): string => `ended:${sessionKey(sid)}`;

type SaveUnlessEnded = (sessionKey: string, endedKey: string, value: string, ttl: number) => Promise<number>;

export class RedisSessionStore extends session.Store {
  readonly #redis: Redis;
  readonly #ttl: (data: SessionData) => number;
  readonly #saveUnlessEnded: SaveUnlessEnded;
  readonly #invalidations: Invalidations;

  constructor(redis: Redis, ttlSeconds: (data: SessionData) => number, invalidations: Invalidations) {
    super();
    this.#redis = redis;
    this.#ttl = ttlSeconds;
    this.#invalidations = invalidations;
    // A request still in flight when its session is ended must not write it back: the check and the
    // write are one script, so an ended session stays ended.
    if (!('webitrSaveSession' in redis)) {
      redis.defineCommand('webitrSaveSession', {
        numberOfKeys: 2,
        lua: "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1",
      });
    }
    const command = (redis as unknown as { webitrSaveSession: SaveUnlessEnded }).webitrSaveSession;
    this.#saveUnlessEnded = command.bind(redis);
  }

  /**
   * Signed-in sessions by when they lapse if nothing more happens (a sorted
   * set: score = that time in ms): what `webitr_gateway_active_sessions`
   * counts (SessionRegistry.activeCount), kept beside the sessions themselves.
   */
  static readonly ACTIVE_KEY = 'active-sessions';

  static key(sid: string): string {
    return `sess:${sid}`;
  }

  // A failed read is an error (503), never "no session": express-session would otherwise start a new
  // one, and the person would be signed out by an outage.
  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    storeCall(this.#redis.get(RedisSessionStore.key(sid))).then(
      (text) => {
        if (text === null) return callback(null, null);
        try {
          callback(null, JSON.parse(text) as SessionData);
        } catch (err) {
          callback(err);
        }
      },
      (err: unknown) => callback(err),
    );
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const ttl = Math.max(1, Math.ceil(this.#ttl(data)));
    storeCall(this.#saveUnlessEnded(RedisSessionStore.key(sid), endedKey(sid), JSON.stringify(data), ttl)).then(
      (saved) => {
        callback?.();
        // For the count only: not awaited, and a failure costs a gauge's accuracy, never the request.
        if (saved === 1 && data.person)
          this.#redis.zadd(RedisSessionStore.ACTIVE_KEY, Date.now() + ttl * 1000, sessionKey(sid)).catch(() => undefined);
      },
      (err: unknown) => callback?.(err),
    );
  }

  // Every instance that may hold the session in its cache hears of the deletion (same MULTI): an expired session
  // replaced, a sign-in's new id, a sign-out.
  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    const key = sessionKey(sid);
    storeCall(
      this.#redis
        .multi()
        .del(RedisSessionStore.key(sid))
        .zrem(RedisSessionStore.ACTIVE_KEY, key)
        .publish(this.#invalidations.channel('session'), key)
        .exec(),
    ).then(
      () => {
        this.#invalidations.ended(key);
        callback?.();
      },
      (err: unknown) => callback?.(err),
    );
  }
}
