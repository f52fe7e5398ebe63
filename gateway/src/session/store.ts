import { createHash } from 'node:crypto';
import session from 'express-session';
import type { SessionData } from 'express-session';
import type { Redis } from '@webitr/platform';

/**
 * express-session store on the process's ioredis client.
 *
 * Why not connect-redis: since v8 it targets node-redis only, and every process
 * here already holds one ioredis client (with the namespace key prefix, the
 * reconnect policy and the readiness check). The store is small — get, set
 * with a TTL, destroy — and it deliberately has no `touch`: express-session
 * would otherwise write to Redis on every request. Activity is recorded by the
 * session guard at most once a minute, which saves the session and renews
 * its TTL (see SessionGuard).
 *
 * The TTL of a signed-in session is what is left of its idle timeout, capped
 * by its absolute timeout; an unfinished sign-in lives `pendingTtlSeconds`.
 */
/** The tombstone an ended session leaves (see SessionRegistry); keyed by a hash, not the id itself. */
export const endedKey = (sid: string): string => `ended:${createHash('sha256').update(sid).digest('base64url')}`;

type SaveUnlessEnded = (sessionKey: string, endedKey: string, value: string, ttl: number) => Promise<number>;

export class RedisSessionStore extends session.Store {
  readonly #redis: Redis;
  readonly #ttl: (data: SessionData) => number;
  readonly #saveUnlessEnded: SaveUnlessEnded;

  constructor(redis: Redis, ttlSeconds: (data: SessionData) => number) {
    super();
    this.#redis = redis;
    this.#ttl = ttlSeconds;
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

  static key(sid: string): string {
    return `sess:${sid}`;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.#redis.get(RedisSessionStore.key(sid)).then(
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
    this.#saveUnlessEnded(RedisSessionStore.key(sid), endedKey(sid), JSON.stringify(data), ttl).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#redis.del(RedisSessionStore.key(sid)).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }
}
