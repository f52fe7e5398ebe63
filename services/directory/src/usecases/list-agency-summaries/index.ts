import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import { agencySummary } from '../shared/agencies.ts';

/**
 * Every agency, by id (the internal API, for a service's job over all of
 * them, e.g. the notification service's daily digest). A city has hundreds,
 * not thousands: the list is read whole.
 */
export async function execute(ctx: DirectoryContext): Promise<{ items: AgencySummary[] }> {
  const agencies = await ctx.models.Agency.find({}).sort({ _id: 1 }).lean<Agency[]>();
  return { items: agencies.map(agencySummary) };
}
