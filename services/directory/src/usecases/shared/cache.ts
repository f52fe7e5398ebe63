import type { DirectoryContext } from '../../context.ts';

/**
 * The internal read API's Redis cache. Keys are dropped on every change (by the
 * writer, and again by the event consumer, which also covers a writer that died
 * between its write and its invalidation); the TTL bounds anything missed.
 */
export const personCacheKey = (personId: string) => `directory:person:${personId}`;
export const chainCacheKey = (personId: string) => `directory:chain:${personId}`;

/** Read through the cache; a value that is not found is never cached; Redis trouble falls back to loading. */
export async function readThrough<T>(ctx: DirectoryContext, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    const hit = await ctx.redis.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
  } catch (err) {
    ctx.logger.warn({ err, key }, 'cache read failed; loading');
  }
  const value = await load();
  if (value !== undefined) {
    try {
      await ctx.redis.set(key, JSON.stringify(value), 'EX', ctx.cacheTtlSeconds);
    } catch (err) {
      ctx.logger.warn({ err, key }, 'cache write failed');
    }
  }
  return value;
}

/** Drop what is cached about these people. */
export async function forgetPeople(ctx: DirectoryContext, personIds: readonly string[]): Promise<void> {
  const keys = [...new Set(personIds)].flatMap((id) => [personCacheKey(id), chainCacheKey(id)]);
  if (keys.length === 0) return;
  try {
    for (let i = 0; i < keys.length; i += 500) await ctx.redis.del(...keys.slice(i, i + 500));
  } catch (err) {
    ctx.logger.warn({ err, count: keys.length }, 'cache invalidation failed; entries expire by TTL');
  }
}

/** Drop what is cached about everyone in an agency (a unit's head or parent changed, the agency was renamed). */
export async function forgetAgency(ctx: DirectoryContext, agencyId: string): Promise<void> {
  const ids = (await ctx.models.Person.find({ agencyId }, { _id: 1 }).lean()).map((p) => p._id);
  await forgetPeople(ctx, ids);
}
