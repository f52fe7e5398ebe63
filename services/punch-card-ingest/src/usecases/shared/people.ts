import type { PunchCardIngestContext } from '../../context.ts';
import { serviceDatesOf } from '../../domain/in-service.ts';
import type { PersonDoc } from '../../models/person.ts';
import { insertAll, raw } from './store.ts';

/** A copy is used while younger than the cache's lifetime (directory events drop it sooner). */
export const isFresh = (ctx: PunchCardIngestContext, copy: PersonDoc): boolean =>
  ctx.clock().getTime() - copy.fetchedAt.getTime() < ctx.personTtlMs;

/**
 * The person as the directory says now, as this service keeps the copy;
 * `undefined` if the directory does not know them; the copy we have if the
 * directory is away (better than nothing for a computed day), else its error.
 */
async function fromDirectory(ctx: PunchCardIngestContext, personId: string, cached: PersonDoc | null): Promise<PersonDoc | undefined> {
  let summary;
  try {
    summary = await ctx.directory.getPersonSummary({ params: { personId } });
  } catch (error) {
    if ((error as { code?: string }).code === 'PERSON_NOT_FOUND') return undefined;
    if (cached) return cached;
    throw error;
  }
  return {
    _id: personId,
    name: summary.name,
    agencyId: summary.agencyId,
    ...(summary.unitId ? { unitId: summary.unitId } : {}),
    ...(summary.unitName ? { unitName: summary.unitName } : {}),
    ...(summary.scheduleGroup ? { scheduleGroup: summary.scheduleGroup } : {}),
    ...serviceDatesOf(summary),
    status: summary.status,
    fetchedAt: ctx.clock(),
  };
}

/**
 * A person as attendance needs them (agency, unit, 班別), from this
 * service's copy, read through the directory when missing or older than the
 * cache's lifetime; `undefined` if the directory does not know them.
 */
export async function personOf(ctx: PunchCardIngestContext, personId: string): Promise<PersonDoc | undefined> {
  const cached = await ctx.models.people.findById(personId).lean();
  if (cached && isFresh(ctx, cached)) return cached;
  const doc = await fromDirectory(ctx, personId, cached);
  if (doc && doc !== cached) await ctx.models.people.replaceOne({ _id: personId }, doc, { upsert: true });
  return doc;
}

/** Directory calls at once when many copies are missing or too old. */
const DIRECTORY_CALLS = 8;

/**
 * The same for many people whose copies the caller has read (or found
 * missing or old): the directory asked a few at a time, and the new copies
 * written in bulk — the old ones removed with one delete, all inserted with
 * one insert — rather than replaced one by one (on FerretDB each replace is
 * a transaction of its own; a morning's first punches find most copies a day
 * old). A reader in between finds no copy and reads the directory itself;
 * a copy someone wrote meanwhile is as good as ours.
 */
export async function refreshPeople(
  ctx: PunchCardIngestContext,
  wanted: { personId: string; cached: PersonDoc | null }[],
): Promise<Map<string, PersonDoc | undefined>> {
  const found = new Map<string, PersonDoc | undefined>();
  const copies: PersonDoc[] = [];
  const old: string[] = [];
  for (let i = 0; i < wanted.length; i += DIRECTORY_CALLS) {
    const chunk = wanted.slice(i, i + DIRECTORY_CALLS);
    const docs = await Promise.all(chunk.map(({ personId, cached }) => fromDirectory(ctx, personId, cached)));
    for (const [k, { personId, cached }] of chunk.entries()) {
      const doc = docs[k];
      found.set(personId, doc);
      if (!doc || doc === cached) continue;
      copies.push(doc);
      if (cached) old.push(personId);
    }
  }
  for (let i = 0; i < old.length; i += 1_000) await ctx.models.people.deleteMany({ _id: { $in: old.slice(i, i + 1_000) } });
  for (let i = 0; i < copies.length; i += 1_000) await insertAll(raw(ctx.models.people.collection), copies.slice(i, i + 1_000));
  return found;
}
