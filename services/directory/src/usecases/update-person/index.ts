import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { personIdParams } from '../shared/fields.ts';
import { personChangeSchema, updatePerson } from '../shared/person-update.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 編輯員工資料 (agency administrators); the CSV import changes people the same way (shared/person-update.ts). */
export const command = personChangeSchema.extend(personIdParams.shape);
export type Command = z.infer<typeof command>;

export async function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<PersonDetail> {
  const { personId, ...change } = command;
  return personDetail((await updatePerson(ctx, actor, personId, change)).person);
}
