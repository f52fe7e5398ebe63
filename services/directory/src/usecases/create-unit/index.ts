import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { createUnit, newUnitSchema } from '../shared/unit-creation.ts';
import type { UnitView } from '../shared/units.ts';

/** 新增單位 (agency administrators); the demo seed creates units the same way (shared/unit-creation.ts). */
export const command = newUnitSchema.extend(agencyIdParams.shape);
export type Command = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<UnitView> {
  const { agencyId, ...unit } = command;
  return createUnit(ctx, actor, agencyId, unit);
}
