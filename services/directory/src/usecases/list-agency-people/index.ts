import { z } from 'zod';
import type { PersonSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { buildPersonSummaries } from '../shared/person-summary.ts';
import { loadAgency } from '../shared/agencies.ts';

export const query = agencyIdParams;
export type Query = z.infer<typeof query>;

/** Every person of an agency, whatever their status (approval flows pick the members of a unit from it). */
export async function execute(ctx: DirectoryContext, query: Query): Promise<{ items: PersonSummary[] }> {
  const { agencyId } = query;
  await loadAgency(ctx, agencyId);
  const people = await ctx.models.Person.find({ agencyId }, { journal: 0, outbox: 0, nationalIdCipher: 0 })
    .sort({ name: 1, _id: 1 })
    .lean<Person[]>();
  return { items: await buildPersonSummaries(ctx, people) };
}
