import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { createPerson, newPersonSchema } from '../shared/person-creation.ts';
import { personDetail } from '../shared/views.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 新增員工 (agency administrators); the CSV import and the demo seed create people the same way (shared/person-creation.ts). */
export const command = newPersonSchema.extend(agencyIdParams.shape);
export type Command = z.infer<typeof command>;

export async function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<PersonDetail> {
  const { agencyId, ...person } = command;
  return personDetail(await createPerson(ctx, actor, agencyId, person));
}
