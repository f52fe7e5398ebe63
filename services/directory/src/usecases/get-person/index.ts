import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { personIdParams } from '../shared/fields.ts';
import { personNotFound } from '../shared/person-writer.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';

export const query = personIdParams;
export type Query = z.infer<typeof query>;

/** One person as administrators see them (national ID masked). */
export async function execute(ctx: DirectoryContext, actor: Actor, query: Query): Promise<PersonDetail> {
  const { personId } = query;
  const person = await ctx.models.Person.findById(personId).lean<Person>();
  if (!person) throw personNotFound();
  authorize(actor, 'view-people', person.agencyId);
  const unit = person.unitId ? await ctx.models.Unit.findById(person.unitId, { name: 1 }).lean() : undefined;
  return personDetail(person, new Map(unit ? [[unit._id, unit.name]] : []));
}
