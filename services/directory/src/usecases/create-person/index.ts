import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { createPerson, newPersonSchema } from '../shared/person-creation.ts';
import type { CreatePersonCommand } from '../shared/person-creation.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 新增員工 (agency administrators); the CSV import and the demo seed create people the same way (shared/person-creation.ts). */
export const command = newPersonSchema;

export async function execute(ctx: DirectoryContext, actor: Actor, agencyId: string, cmd: CreatePersonCommand): Promise<PersonDetail> {
  return personDetail(await createPerson(ctx, actor, agencyId, cmd));
}
