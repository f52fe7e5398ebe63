import { randomUUID } from 'node:crypto';
import { UnavailableError } from '@webitr/platform';
import type { Redis } from '@webitr/platform';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * One submission at a time per applicant: checking "no overlap with my own
 * forms" and then writing the new form are two steps, so they run under a
 * short Redis lock (SET NX PX, released only by its owner). Balances do not
 * depend on it — they are guarded by their own conditional updates.
 */
export async function withPersonLock<T>(
  redis: Redis,
  personId: string,
  work: () => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const { ttlMs = 15_000, waitMs = 10_000 } = options;
  const key = lockKey(personId);
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  for (;;) {
    let acquired: string | null;
    try {
      acquired = await redis.set(key, token, 'PX', ttlMs, 'NX');
    } catch (cause) {
      throw new UnavailableError({ code: 'LOCK_UNAVAILABLE', detail: '暫時無法處理申請，請稍後再試', cause });
    }
    if (acquired === 'OK') break;
    if (Date.now() > deadline) throw new UnavailableError({ code: 'APPLICANT_BUSY', detail: '另一份申請正在處理中，請稍後再試' });
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
  }
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}

const lockKey = (personId: string) => `leave:lock:person:${personId}`;

/**
 * The work under the person's lock if nobody holds it now, else undefined
 * (nothing done): for work that may be skipped, done while holding another
 * person's lock, where waiting could deadlock. Redis being down counts as held.
 */
export async function ifPersonLockFree<T>(redis: Redis, personId: string, work: () => Promise<T>, ttlMs = 15_000): Promise<T | undefined> {
  const key = lockKey(personId);
  const token = randomUUID();
  const acquired = await redis.set(key, token, 'PX', ttlMs, 'NX').catch(() => null);
  if (acquired !== 'OK') return undefined;
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
