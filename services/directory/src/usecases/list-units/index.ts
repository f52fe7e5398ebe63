import { z } from 'zod';
import { unitListSchema } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Unit } from '../../models/unit.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { unitView } from '../shared/units.ts';
import type { UnitView } from '../shared/units.ts';

export const query = z.object({ agencyId: z.string().min(1).max(64) });
export type Query = z.infer<typeof query>;
export const result = unitListSchema;

/** An agency's unit tree, flat (each unit names its parent), with each head's name. */
export async function execute(ctx: DirectoryContext, actor: Actor, query: Query): Promise<{ items: UnitView[] }> {
  const { agencyId } = query;
  authorize(actor, 'view-people', agencyId);
  const units = await ctx.models.Unit.find({ agencyId }).sort({ name: 1 }).limit(1_000).lean<Unit[]>();
  const heads = units.map((u) => u.headPersonId).filter((id): id is string => Boolean(id));
  const names = new Map((await ctx.models.Person.find({ _id: { $in: heads } }, { name: 1 }).lean()).map((p) => [p._id, p.name]));
  return { items: await Promise.all(units.map((u) => unitView(ctx, u, names))) };
}
