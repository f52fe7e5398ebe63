import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { createUnit, newUnitSchema } from '../shared/unit-creation.ts';
import type { CreateUnitCommand } from '../shared/unit-creation.ts';
import type { UnitView } from '../shared/units.ts';

/** 新增單位 (agency administrators); the demo seed creates units the same way (shared/unit-creation.ts). */
export const command = newUnitSchema;

export function execute(ctx: DirectoryContext, actor: Actor, agencyId: string, cmd: CreateUnitCommand): Promise<UnitView> {
  return createUnit(ctx, actor, agencyId, cmd);
}
