import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger, Redis } from '@webitr/platform';
import { TooManyRequestsError } from './http/errors.ts';

/**
 * Rate limits kept in Redis, so every gateway instance counts together:
 * sign-in starts per client address, writes per person. If Redis does not
 * answer, requests are let through (and logged): the limits protect the
 * system, they must not take it down with Redis.
 */
export class RateLimits {
  readonly #signIn: RateLimiterRedis;
  readonly #writes: RateLimiterRedis;
  readonly #devices: RateLimiterRedis;
  readonly #logger: Logger;

  constructor(redis: Redis, options: { signInPerMinute: number; writesPerMinute: number; devicePerMinute?: number; logger: Logger }) {
    this.#signIn = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'rl:sign-in', points: options.signInPerMinute, duration: 60 });
    this.#writes = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'rl:writes', points: options.writesPerMinute, duration: 60 });
    this.#devices = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'rl:devices',
      points: options.devicePerMinute ?? 120,
      duration: 60,
    });
    this.#logger = options.logger;
  }

  signIn(address: string): Promise<void> {
    return this.#consume(this.#signIn, address, '登入次數過多，請一分鐘後再試。');
  }

  write(personId: string): Promise<void> {
    return this.#consume(this.#writes, personId, '送出的次數過多，請稍後再試。');
  }

  /** A card machine's calls, per client address (it has no session; the service checks its key). */
  device(address: string): Promise<void> {
    return this.#consume(this.#devices, address, '設備傳送的次數過多，請稍後再試。');
  }

  async #consume(limiter: RateLimiterRedis, key: string, detail: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes)
        throw new TooManyRequestsError(Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)), { detail });
      this.#logger.warn({ err: outcome }, 'rate limiter unavailable; letting the request through');
    }
  }
}
