import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyChangeSchema, updateAgency } from '../shared/agency-update.ts';
import type { UpdateAgencyCommand } from '../shared/agency-update.ts';

/** Rename or move an agency, or set its head (shared/agency-update.ts; the demo seed sets heads the same way). */
export const command = agencyChangeSchema;

export function execute(ctx: DirectoryContext, actor: Actor, agencyId: string, cmd: UpdateAgencyCommand): Promise<AgencySummary> {
  return updateAgency(ctx, actor, agencyId, cmd);
}
