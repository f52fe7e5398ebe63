import { z } from 'zod';
import { InputError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Unit } from '../../models/unit.ts';
import { compact } from '../../audit/entries.ts';
import { authorize } from '../shared/access.ts';
import type { Actor } from '../shared/actor.ts';

/** An agency's unit tree, flat (each unit names its parent), with each head's name. */
export const unitViewSchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    name: z.string(),
    parentId: z.string().optional(),
    headPersonId: z.string().optional(),
    headName: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: 'Unit' });
export type UnitView = z.infer<typeof unitViewSchema>;

export async function unitView(ctx: DirectoryContext, unit: Unit, names?: ReadonlyMap<string, string>): Promise<UnitView> {
  const headName = unit.headPersonId
    ? (names?.get(unit.headPersonId) ?? (await ctx.models.Person.findById(unit.headPersonId, { name: 1 }).lean())?.name)
    : undefined;
  return compact({ id: unit._id, agencyId: unit.agencyId, name: unit.name, parentId: unit.parentId, headPersonId: unit.headPersonId, headName, version: unit.version });
}

/** A unit (or agency) head must be one of the agency's people, and not separated. */
export async function requireHeadIn(ctx: DirectoryContext, agencyId: string, personId: string, field = 'body.headPersonId', label = '單位主管'): Promise<void> {
  const person = await ctx.models.Person.findById(personId, { agencyId: 1, status: 1 }).lean();
  if (!person || person.agencyId !== agencyId || person.status === 'separated') {
    throw new InputError({ code: 'HEAD_NOT_IN_AGENCY', detail: `${label}須為本機關在職人員`, fields: [{ field, label, code: 'not_found', message: '本機關查無此在職人員' }] });
  }
}

export async function execute(ctx: DirectoryContext, actor: Actor, agencyId: string): Promise<{ items: UnitView[] }> {
  authorize(actor, 'view-people', agencyId);
  const units = await ctx.models.Unit.find({ agencyId }).sort({ name: 1 }).limit(1_000).lean<Unit[]>();
  const heads = units.map((u) => u.headPersonId).filter((id): id is string => Boolean(id));
  const names = new Map((await ctx.models.Person.find({ _id: { $in: heads } }, { name: 1 }).lean()).map((p) => [p._id, p.name]));
  return { items: await Promise.all(units.map((u) => unitView(ctx, u, names))) };
}
