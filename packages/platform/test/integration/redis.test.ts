import { expect } from 'chai';
import { cleanupNamespace, suiteNamespace, testUris } from '@webitr/testkit';
import { cached, claimIdempotencyKey, createRedis, invalidate, pingRedis, redisReady } from '../../src/redis.ts';
import type { Redis } from '../../src/redis.ts';
import { logger } from '../helpers.ts';

describe('Redis helpers (integration)', () => {
  const namespace = suiteNamespace('redis');
  let redis: Redis;

  before(async () => {
    redis = createRedis(testUris().redis, namespace, logger);
    // No offline queue: a command before the first connection would fail.
    expect(await redisReady(redis)).to.equal(true);
  });

  after(async () => {
    await redis.quit();
    await cleanupNamespace({ namespace });
  });

  it('pings', async () => {
    await pingRedis(redis);
  });

  it('claims an idempotency key once within its lifetime', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => claimIdempotencyKey(redis, 'idem:submit-1', 500)));
    expect(results.filter(Boolean)).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await claimIdempotencyKey(redis, 'idem:submit-1', 500)).to.equal(true);
  });

  it('prefixes keys with the namespace', async () => {
    await claimIdempotencyKey(redis, 'idem:prefixed', 10_000);
    const raw = createRedis(testUris().redis, '', logger);
    await redisReady(raw);
    expect(await raw.exists(`${namespace}:idem:prefixed`)).to.equal(1);
    await raw.quit();
  });

  it('caches a loaded value until invalidated', async () => {
    let loads = 0;
    const load = async () => ({ person: 'P1', apps: ['webitr'], loads: ++loads });
    expect(await cached(redis, 'person:P1', 60, load)).to.deep.equal({ person: 'P1', apps: ['webitr'], loads: 1 });
    expect((await cached(redis, 'person:P1', 60, load)).loads).to.equal(1);
    await invalidate(redis, 'person:P1');
    expect((await cached(redis, 'person:P1', 60, load)).loads).to.equal(2);
  });

  it('falls back to the loader when Redis is unreachable', async () => {
    const down = createRedis('redis://127.0.0.1:1', namespace, logger);
    down.on('error', () => undefined);
    const value = await cached(down, 'k', 60, async () => 'from the source');
    expect(value).to.equal('from the source');
    down.disconnect();
  });
});
