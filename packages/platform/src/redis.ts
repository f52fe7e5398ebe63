import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export type { Redis } from 'ioredis';

/**
 * One Redis client per process; keys are prefixed with the namespace. While
 * Redis is away every command fails at once instead of waiting: no offline
 * queue, no command carried over a reconnection (a session DEL replayed after
 * an outage signed people out), and a bound on how long a command may take,
 * so a request that needs Redis answers 503 within about a second (the
 * problem middleware maps these errors to CACHE_UNAVAILABLE). Reconnection
 * attempts go on in the background, at most a second apart.
 */
export function createRedis(url: string, namespace: string, logger: Logger): Redis {
  const log = logger.child({ module: 'redis' });
  const redis = new Redis(url, {
    keyPrefix: namespace ? `${namespace}:` : '',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: 1_000,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
  });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  return redis;
}

/**
 * Wait (bounded) for the first connection: without an offline queue, a
 * command sent before it would fail. A Redis that is not there yet is not a
 * reason to refuse to start; /readyz says so and commands fail fast.
 */
export async function redisReady(redis: Redis, timeoutMs = 5_000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
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
