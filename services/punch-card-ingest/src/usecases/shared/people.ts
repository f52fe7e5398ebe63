import type { PunchCardIngestContext } from '../../context.ts';
import type { PersonDoc } from '../../models/person.ts';

/**
 * A person as attendance needs them (agency, unit, 班別), from this
 * service's copy, read through the directory when missing or older than the
 * cache's lifetime; `undefined` if the directory does not know them.
 */
export async function personOf(ctx: PunchCardIngestContext, personId: string): Promise<PersonDoc | undefined> {
  const cached = await ctx.models.people.findById(personId).lean();
  if (cached && ctx.clock().getTime() - cached.fetchedAt.getTime() < ctx.personTtlMs) return cached;
  let summary;
  try {
    summary = await ctx.directory.getPersonSummary({ params: { personId } });
  } catch (error) {
    if ((error as { code?: string }).code === 'PERSON_NOT_FOUND') return undefined;
    // The directory is away: the copy we have is better than nothing for a computed day.
    if (cached) return cached;
    throw error;
  }
  const doc: PersonDoc = {
    _id: personId,
    name: summary.name,
    agencyId: summary.agencyId,
    ...(summary.unitId ? { unitId: summary.unitId } : {}),
    ...(summary.unitName ? { unitName: summary.unitName } : {}),
    ...(summary.scheduleGroup ? { scheduleGroup: summary.scheduleGroup } : {}),
    status: summary.status,
    fetchedAt: ctx.clock(),
  };
  await ctx.models.people.replaceOne({ _id: personId }, doc, { upsert: true });
  return doc;
}
