import type { PersonSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { getPersonSummary } from '../shared/person-summary.ts';
import { personNotFound } from '../shared/person-writer.ts';

/** Card number to person within an agency (punch-card ingest matches card files with it). */
export async function execute(ctx: DirectoryContext, agencyId: string, cardNumber: string): Promise<PersonSummary> {
  const found = await ctx.models.Person.findOne({ agencyId, cardNumbers: cardNumber.trim() }, { _id: 1 }).lean();
  if (!found) throw personNotFound();
  return getPersonSummary(ctx, found._id);
}
