import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { unitIdParams } from '../shared/fields.ts';
import { unitChangeSchema, updateUnit } from '../shared/unit-update.ts';
import type { UnitView } from '../shared/units.ts';

/** Rename, move, or set the head of a unit (shared/unit-update.ts; the demo seed sets heads the same way). */
export const command = unitChangeSchema.extend(unitIdParams.shape);
export type Command = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<UnitView> {
  const { unitId, ...change } = command;
  return updateUnit(ctx, actor, unitId, change);
}
