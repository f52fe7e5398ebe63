import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { createAgency, newAgencySchema } from '../shared/agency-creation.ts';
import type { CreateAgencyCommand } from '../shared/agency-creation.ts';

/** 新增機關 (system administrators); the demo seed creates agencies the same way (shared/agency-creation.ts). */
export const command = newAgencySchema;

export function execute(ctx: DirectoryContext, actor: Actor, command: CreateAgencyCommand): Promise<AgencySummary> {
  return createAgency(ctx, actor, command);
}
