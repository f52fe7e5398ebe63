import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export type { Redis } from 'ioredis';

/** One Redis client per process; keys are prefixed with the namespace. */
export function createRedis(url: string, namespace: string, logger: Logger): Redis {
  const log = logger.child({ module: 'redis' });
  const redis = new Redis(url, {
    keyPrefix: namespace ? `${namespace}:` : '',
    // Fail a command quickly while Redis is away instead of queueing forever;
    // callers treat the cache as optional and idempotency keys as required.
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
  });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  return redis;
}

export async function pingRedis(redis: Redis): Promise<void> {
  const answer = await redis.ping();
  if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
}

/**
 * Read-through cache of JSON values. A Redis failure falls back to the loader,
 * so the cache can never be the reason a request fails.
 */
export async function cached<T>(redis: Redis, key: string, ttlSeconds: number, load: () => Promise<T>, logger?: Logger): Promise<T> {
  try {
    const hit = await redis.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
  } catch (err) {
    logger?.warn({ err, key }, 'cache read failed; loading');
  }
  const value = await load();
  try {
    await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
  } catch (err) {
    logger?.warn({ err, key }, 'cache write failed');
  }
  return value;
}

export const invalidate = (redis: Redis, ...keys: string[]): Promise<number> => redis.del(...keys);

/**
 * Claim an idempotency key (SET NX PX): true the first time within `ttlMs`,
 * false for a repeat. Used for client retries of the same write.
 */
export async function claimIdempotencyKey(redis: Redis, key: string, ttlMs: number): Promise<boolean> {
  return (await redis.set(key, '1', 'PX', ttlMs, 'NX')) === 'OK';
}
