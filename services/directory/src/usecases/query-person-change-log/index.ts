import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeLogQuery, readChangeLog } from '../shared/change-log.ts';
import type { ChangeLogPage } from '../shared/change-log.ts';
import { personIdParams } from '../shared/fields.ts';
import { personNotFound } from '../shared/person-writer.ts';

export { changeLogPageSchema as result } from '../shared/change-log.ts';

/** 帳號異動記錄 of one person: their whole history, across transfers, for the administrators of the agency the person is in now. */
export const query = changeLogQuery.extend(personIdParams.shape);
export type Query = z.infer<typeof query>;

export async function execute(ctx: DirectoryContext, actor: Actor, query: Query): Promise<ChangeLogPage> {
  const { personId } = query;
  const person = await ctx.models.Person.findById(personId, { agencyId: 1 }).lean<Pick<Person, '_id' | 'agencyId'>>();
  if (!person) throw personNotFound();
  authorize(actor, 'view-change-log', person.agencyId);
  return readChangeLog(ctx, { personId }, query);
}
