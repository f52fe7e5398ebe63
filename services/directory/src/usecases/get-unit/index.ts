import { z } from 'zod';
import type { UnitSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Unit } from '../../models/unit.ts';
import { compact } from '../../audit/entries.ts';
import { unitIdParams } from '../shared/fields.ts';
import { unitNotFound } from '../shared/units.ts';

export const query = unitIdParams;
export type Query = z.infer<typeof query>;

/** One unit with its head (單位主管). */
export async function execute(ctx: DirectoryContext, query: Query): Promise<UnitSummary> {
  const unit = await ctx.models.Unit.findById(query.unitId, { agencyId: 1, name: 1, parentId: 1, headPersonId: 1 }).lean<Unit>();
  if (!unit) throw unitNotFound();
  return compact({ id: unit._id, agencyId: unit.agencyId, name: unit.name, parentId: unit.parentId, headId: unit.headPersonId });
}
