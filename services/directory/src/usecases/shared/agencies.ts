import { NotFoundError } from '@webitr/platform';
import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import { compact } from '../../audit/entries.ts';

/** What several use cases need of an agency: it, found or 404, and its summary. */
export const agencyNotFound = () => new NotFoundError({ code: 'AGENCY_NOT_FOUND', detail: '查無此機關' });

export const agencySummary = (agency: Agency): AgencySummary =>
  compact({
    id: agency._id,
    name: agency.name,
    level: agency.level,
    parentId: agency.parentId,
    defaultApps: agency.defaultApps ?? [],
    headId: agency.headPersonId,
  });

export async function loadAgency(ctx: DirectoryContext, agencyId: string): Promise<Agency> {
  const agency = await ctx.models.Agency.findById(agencyId).lean<Agency>();
  if (!agency) throw agencyNotFound();
  return agency;
}
