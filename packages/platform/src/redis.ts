import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
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
export function createRedis(target: string | RedisTarget, namespace: string, logger: Logger): Redis {
  const log = logger.child({ module: 'redis' });
  const redis = new Redis({
    ...redisConnectionOptions(typeof target === 'string' ? { url: target } : target),
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

/** Where Redis is: one server (`url`), or the master that Redis Sentinel names (as operated: a master, replicas, three sentinels). */
export interface RedisTarget {
  url: string;
  /** `host:port` of each sentinel. */
  sentinels?: readonly string[] | undefined;
  /** The master's name as the sentinels know it. */
  master?: string | undefined;
  sentinelPassword?: string | undefined;
}

/** The platform's configuration as a RedisTarget (REDIS_URL, REDIS_SENTINELS, REDIS_SENTINEL_MASTER, REDIS_SENTINEL_PASSWORD). */
export function redisTargetOf(config: {
  REDIS_URL: string;
  REDIS_SENTINELS?: readonly string[] | undefined;
  REDIS_SENTINEL_MASTER?: string | undefined;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
}): RedisTarget {
  return {
    url: config.REDIS_URL,
    sentinels: config.REDIS_SENTINELS,
    master: config.REDIS_SENTINEL_MASTER,
    sentinelPassword: config.REDIS_SENTINEL_PASSWORD,
  };
}

/**
 * ioredis's connection options for a target. With sentinels, ioredis asks them
 * for the master and follows a failover (it reconnects to the new master when
 * the old one goes or is demoted); the URL then gives only the scheme (rediss:
 * TLS to the master), user, password and database. Clients made with
 * `duplicate()` (the gateway's session and subscriber clients) inherit it.
 */
export function redisConnectionOptions(target: RedisTarget): RedisOptions {
  const url = new URL(target.url);
  const auth: RedisOptions = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  if (!target.sentinels || target.sentinels.length === 0)
    return { ...auth, host: url.hostname || '127.0.0.1', port: url.port ? Number(url.port) : 6379 };
  if (!target.master) throw new Error('Redis Sentinel needs the master name (REDIS_SENTINEL_MASTER)');
  return {
    ...auth,
    sentinels: target.sentinels.map((entry) => {
      const at = entry.lastIndexOf(':');
      // An IPv6 sentinel is written [addr]:port; ioredis takes the bare address.
      return { host: entry.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(entry.slice(at + 1)) };
    }),
    name: target.master,
    ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
    // TLS to the master only when the URL says so; the sentinels are reached as configured on the network.
    ...(url.protocol === 'rediss:' ? { enableTLSForSentinelMode: true } : {}),
    role: 'master',
  };
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
