import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import { visibleAgencies } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencySummary } from '../shared/agencies.ts';

/** The agencies the caller administers (all of them, for a system administrator). */
export async function execute(ctx: DirectoryContext, actor: Actor): Promise<{ items: AgencySummary[] }> {
  const visible = visibleAgencies(actor);
  const filter = visible === undefined ? {} : { _id: { $in: visible } };
  const agencies = await ctx.models.Agency.find(filter).sort({ _id: 1 }).limit(2_000).lean<Agency[]>();
  return { items: agencies.map(agencySummary) };
}
