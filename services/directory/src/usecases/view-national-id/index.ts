import { z } from 'zod';
import { nationalIdFullViewSchema, viewNationalIdBody } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { changeEntry } from '../../audit/entries.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { personIdParams } from '../shared/fields.ts';
import { personNotFound } from '../shared/person-writer.ts';

/**
 * The full national ID number: for the agency's attendance managers and
 * administrators (and system administrators) only, and each view is written to
 * the change log BEFORE the number is returned, so no unaudited view exists.
 * The reason is required: the log must say why the number was looked at.
 */
export const command = personIdParams.extend(viewNationalIdBody.shape);
export type ViewNationalIdCommand = z.infer<typeof command>;
export const result = nationalIdFullViewSchema;

export async function execute(ctx: DirectoryContext, actor: Actor, command: ViewNationalIdCommand): Promise<z.infer<typeof result>> {
  const { personId } = command;
  const person = await ctx.models.Person.findById(personId, { agencyId: 1, nationalIdCipher: 1, nationalIdMasked: 1 }).lean<Person>();
  if (!person) throw personNotFound();
  authorize(actor, 'view-national-id', person.agencyId);
  await ctx.journal.append(
    changeEntry(actor, {
      action: 'national-id.viewed',
      agencyIds: [person.agencyId],
      targetType: 'person',
      targetId: person._id,
      personId: person._id,
      changes: [],
      after: { nationalIdMasked: person.nationalIdMasked },
      note: command.reason,
    }),
  );
  return { personId: person._id, nationalId: ctx.protector.decrypt(person.nationalIdCipher, person._id) };
}
