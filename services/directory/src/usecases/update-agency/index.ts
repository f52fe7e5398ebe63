import { z } from 'zod';
import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { agencyChangeSchema, updateAgency } from '../shared/agency-update.ts';

/** Rename or move an agency, or set its head (shared/agency-update.ts; the demo seed sets heads the same way). */
export const command = agencyChangeSchema.extend(agencyIdParams.shape);
export type Command = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<AgencySummary> {
  const { agencyId, ...change } = command;
  return updateAgency(ctx, actor, agencyId, change);
}
