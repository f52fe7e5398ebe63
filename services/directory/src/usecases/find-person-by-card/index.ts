import { z } from 'zod';
import type { PersonSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { getPersonSummary } from '../shared/person-summary.ts';
import { personNotFound } from '../shared/person-writer.ts';

export const query = agencyIdParams.extend({ cardNumber: z.string().min(1).max(20) });
export type Query = z.infer<typeof query>;

/** Card number to person within an agency (punch-card ingest matches card files with it). */
export async function execute(ctx: DirectoryContext, query: Query): Promise<PersonSummary> {
  const { agencyId, cardNumber } = query;
  const found = await ctx.models.Person.findOne({ agencyId, cardNumbers: cardNumber.trim() }, { _id: 1 }).lean();
  if (!found) throw personNotFound();
  return getPersonSummary(ctx, found._id);
}
