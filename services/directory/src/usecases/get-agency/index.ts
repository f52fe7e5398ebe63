import { z } from 'zod';
import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { agencySummary, loadAgency } from '../shared/agencies.ts';

export const query = z.object({ agencyId: z.string().min(1).max(64) });
export type Query = z.infer<typeof query>;

/** An agency with its default apps (the internal API; the administration route checks the actor first). */
export async function execute(ctx: DirectoryContext, query: Query): Promise<AgencySummary> {
  return agencySummary(await loadAgency(ctx, query.agencyId));
}
