import { z } from 'zod';
import type { PersonSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { getPersonSummary } from '../shared/person-summary.ts';

export const query = z.object({ personId: z.string().min(1).max(64) });
export type Query = z.infer<typeof query>;

/** A person as other services see them (internal API), from the cache when it can. */
export function execute(ctx: DirectoryContext, query: Query): Promise<PersonSummary> {
  return getPersonSummary(ctx, query.personId);
}
