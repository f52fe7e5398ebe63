import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { unitChangeSchema, updateUnit } from '../shared/unit-update.ts';
import type { UpdateUnitCommand } from '../shared/unit-update.ts';
import type { UnitView } from '../shared/units.ts';

/** Rename, move, or set the head of a unit (shared/unit-update.ts; the demo seed sets heads the same way). */
export const command = unitChangeSchema;

export function execute(ctx: DirectoryContext, actor: Actor, unitId: string, cmd: UpdateUnitCommand): Promise<UnitView> {
  return updateUnit(ctx, actor, unitId, cmd);
}
