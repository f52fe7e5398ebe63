import type { PersonSummary, ScopedRole } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { EmploymentPeriod, Person } from '../../models/person.ts';
import { compact } from '../../audit/entries.ts';
import { personCacheKey, readThrough } from '../shared/cache.ts';
import { personNotFound } from '../shared/person-writer.ts';

/**
 * PersonSummary, the internal read model other services (first the gateway at
 * sign-in) see: status, roles (employee, unit-supervisor derived from the unit
 * tree, and the granted ones), apps. Cached in Redis; every change drops it.
 */
export async function buildPersonSummary(ctx: DirectoryContext, person: Person): Promise<PersonSummary> {
  return (await buildPersonSummaries(ctx, [person]))[0]!;
}

/** Summaries of many people with three queries in all (agencies, units, heads), whatever their number. */
export async function buildPersonSummaries(ctx: DirectoryContext, people: readonly Person[]): Promise<PersonSummary[]> {
  const { Agency, Unit } = ctx.models;
  const unitIds = [...new Set(people.map((p) => p.unitId).filter((id): id is string => Boolean(id)))];
  const [agencies, units, headed] = await Promise.all([
    Agency.find({ _id: { $in: [...new Set(people.map((p) => p.agencyId))] } }, { name: 1 }).lean(),
    unitIds.length > 0 ? Unit.find({ _id: { $in: unitIds } }, { name: 1 }).lean() : [],
    Unit.find({ headPersonId: { $in: people.map((p) => p._id) } }, { headPersonId: 1, agencyId: 1 }).lean(),
  ]);
  const agencyNames = new Map(agencies.map((a) => [a._id, a.name]));
  const unitNames = new Map(units.map((u) => [u._id, u.name]));
  const heads = new Set(headed.map((u) => `${u.headPersonId}@${u.agencyId}`));
  return people.map((person) => {
    const roles: ScopedRole[] = [
      { role: 'employee', agencyId: person.agencyId },
      ...(heads.has(`${person._id}@${person.agencyId}`) ? [{ role: 'unit-supervisor' as const, agencyId: person.agencyId }] : []),
      ...(person.roles ?? []).map(({ role, agencyId }) => ({ role, agencyId })),
    ];
    return compact({
      id: person._id,
      name: person.name,
      email: person.email,
      agencyId: person.agencyId,
      agencyName: agencyNames.get(person.agencyId) ?? person.agencyId,
      unitId: person.unitId,
      unitName: person.unitId ? unitNames.get(person.unitId) : undefined,
      status: person.status,
      roles,
      apps: person.apps ?? [],
      statusSince: person.statusSince,
      jobCategory: person.jobCategory,
      title: person.title,
      scheduleGroup: person.scheduleGroup,
      serviceStartDate: person.serviceStartDate,
      pastOutOfService: pastOutOfService(person.employment),
    });
  });
}

/** The periods of the employment history out of service that have ended; the last period is the current one, which `status` tells. */
function pastOutOfService(employment: readonly EmploymentPeriod[] | undefined): PersonSummary['pastOutOfService'] {
  const ended = (employment ?? [])
    .slice(0, -1)
    .filter((p): p is EmploymentPeriod & { until: string } => p.status !== 'active' && Boolean(p.until) && p.until! > p.from)
    .map(({ from, until }) => ({ from, until }));
  return ended.length ? ended : undefined;
}

export async function getPersonSummary(ctx: DirectoryContext, personId: string): Promise<PersonSummary> {
  const summary = await readThrough(ctx, personCacheKey(personId), async () => {
    const person = await ctx.models.Person.findById(personId).lean<Person>();
    return person ? buildPersonSummary(ctx, person) : undefined;
  });
  if (!summary) throw personNotFound();
  return summary;
}
