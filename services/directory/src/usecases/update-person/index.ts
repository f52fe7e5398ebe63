import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { personChangeSchema, updatePerson } from '../shared/person-update.ts';
import type { UpdatePersonCommand } from '../shared/person-update.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 編輯員工資料 (agency administrators); the CSV import changes people the same way (shared/person-update.ts). */
export const command = personChangeSchema;

export async function execute(ctx: DirectoryContext, actor: Actor, personId: string, cmd: UpdatePersonCommand): Promise<PersonDetail> {
  return personDetail((await updatePerson(ctx, actor, personId, cmd)).person);
}
