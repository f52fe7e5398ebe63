import { z } from 'zod';
import type { SupervisorChain } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import type { Unit } from '../../models/unit.ts';
import { personIdParams } from '../shared/fields.ts';
import { chainCacheKey, readThrough } from '../shared/cache.ts';
import { personNotFound } from '../shared/person-writer.ts';

export const query = personIdParams;
export type Query = z.infer<typeof query>;

const MAX_DEPTH = 20;

/**
 * The heads above a person, nearest first: the head of their unit (unless it is
 * them), then of each unit above. Cached; a change to any unit of the agency
 * drops the chains of its people.
 */
export async function execute(ctx: DirectoryContext, query: Query): Promise<SupervisorChain> {
  const { personId } = query;
  const chain = await readThrough(ctx, chainCacheKey(personId), () => load(ctx, personId));
  if (!chain) throw personNotFound();
  return chain;
}

async function load(ctx: DirectoryContext, personId: string): Promise<SupervisorChain | undefined> {
  const { Person, Unit } = ctx.models;
  const person = await Person.findById(personId, { unitId: 1, agencyId: 1 }).lean<Pick<Person, '_id' | 'unitId' | 'agencyId'>>();
  if (!person) return undefined;
  const units = new Map(
    (await Unit.find({ agencyId: person.agencyId }, { name: 1, parentId: 1, headPersonId: 1 }).lean<Unit[]>()).map((u) => [u._id, u]),
  );
  const steps: { unitId: string; unitName: string; personId: string }[] = [];
  const seen = new Set<string>();
  for (
    let unit = person.unitId ? units.get(person.unitId) : undefined;
    unit && !seen.has(unit._id) && seen.size < MAX_DEPTH;
    unit = unit.parentId ? units.get(unit.parentId) : undefined
  ) {
    seen.add(unit._id);
    if (unit.headPersonId && unit.headPersonId !== personId && !steps.some((s) => s.personId === unit!.headPersonId)) {
      steps.push({ unitId: unit._id, unitName: unit.name, personId: unit.headPersonId });
    }
  }
  const names = new Map(
    (await Person.find({ _id: { $in: steps.map((s) => s.personId) } }, { name: 1 }).lean()).map((p) => [p._id, p.name]),
  );
  return { personId, chain: steps.map((s) => ({ ...s, name: names.get(s.personId) ?? '' })) };
}
