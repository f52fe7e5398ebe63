import type { PunchCardIngestContext } from '../../context.ts';
import { serviceDatesOf } from '../../domain/in-service.ts';
import type { RecordPerson } from './day-records.ts';

/**
 * The agency's people as the directory lists them (every status), with their
 * unit, 班別 and service dates, ordered by unit, then name, as a roll reads.
 */
export async function agencyPeople(ctx: PunchCardIngestContext, agencyId: string): Promise<(RecordPerson & { status: string })[]> {
  const { items } = await ctx.directory.listAgencyPeople({ params: { agencyId } });
  return items
    .map((p) => ({
      personId: p.id,
      name: p.name,
      unitId: p.unitId,
      unitName: p.unitName,
      scheduleGroup: p.scheduleGroup,
      ...serviceDatesOf(p),
      status: p.status,
    }))
    .sort(
      (a, b) =>
        (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh-TW') ||
        a.name.localeCompare(b.name, 'zh-TW') ||
        a.personId.localeCompare(b.personId),
    );
}

/** The units people belong to, by name, for a unit filter. */
export function unitsOf(people: readonly RecordPerson[]): { unitId: string; unitName: string }[] {
  const units = new Map<string, string>();
  for (const p of people) if (p.unitId) units.set(p.unitId, p.unitName ?? p.unitId);
  return [...units].map(([unitId, unitName]) => ({ unitId, unitName })).sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-TW'));
}
