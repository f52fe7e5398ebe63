import { z } from 'zod';
import { updatePersonBody } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';
import { identityKey } from '../../models/person.ts';
import { changeEntry, compact, diff } from '../../audit/entries.ts';
import { personChanged } from '../../messaging/publishers.ts';
import { authorizePersonChange } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changePerson } from './person-writer.ts';
import { requireUnitIn } from './units.ts';
import { auditedFields } from './views.ts';

/** 編輯員工資料. A field left out stays; null clears an optional one (defined in contracts, forms/directory.ts). */
export const personChangeSchema = updatePersonBody;
export type UpdatePersonCommand = z.infer<typeof personChangeSchema>;

const OPTIONAL_FIELDS = ['email', 'unitId', 'title', 'scheduleGroup', 'serviceStartDate'] as const;

export async function updatePerson(
  ctx: DirectoryContext,
  actor: Actor,
  personId: string,
  cmd: UpdatePersonCommand,
  note?: string,
): Promise<{ person: Person; changed: boolean }> {
  return changePerson(
    ctx,
    personId,
    async (person) => {
      authorizePersonChange(actor, person);
      if (cmd.unitId) await requireUnitIn(ctx, person.agencyId, cmd.unitId);
      const set: Partial<Person> = {};
      const unset: (keyof Person)[] = [];
      if (cmd.name !== undefined) set.name = cmd.name;
      if (cmd.jobCategory !== undefined) set.jobCategory = cmd.jobCategory;
      for (const field of OPTIONAL_FIELDS) {
        const value = cmd[field];
        if (value === null) unset.push(field);
        else if (value !== undefined) set[field] = value;
      }
      if (cmd.cardNumbers !== undefined) set.cardNumbers = [...new Set(cmd.cardNumbers)];
      if (cmd.identities !== undefined) {
        const identities = cmd.identities.map(({ issuer, subject }) => ({ issuer, subject }));
        set.identities = identities;
        set.identityKeys = [...new Set(identities.map(identityKey))];
      }
      // The keyed hash decides whether the number changed: two numbers can share a
      // mask (A123456789 and A128456789 are both A12*****89).
      const newNationalId =
        cmd.nationalId !== undefined && ctx.protector.hash(cmd.nationalId) !== person.nationalIdHash ? cmd.nationalId : undefined;
      if (newNationalId !== undefined) Object.assign(set, ctx.protector.protect(newNationalId, person._id));
      const next: Partial<Person> = { ...person, ...set };
      for (const field of unset) delete next[field];
      const changed = diff(auditedFields(person), auditedFields(next));
      if (newNationalId !== undefined && !changed.changes.includes('nationalIdMasked')) {
        // Logged as a change all the same, shown masked before and after.
        changed.changes.push('nationalIdMasked');
        changed.before.nationalIdMasked = person.nationalIdMasked;
        changed.after.nationalIdMasked = next.nationalIdMasked;
      }
      if (changed.changes.length === 0) return undefined;
      return {
        set: compact(set),
        unset: unset.filter((f) => person[f] !== undefined),
        events: [personChanged(person._id, person.agencyId, changed.changes)],
        entries: [
          changeEntry(actor, {
            action: 'person.updated',
            agencyIds: [person.agencyId],
            targetType: 'person',
            targetId: person._id,
            personId: person._id,
            note,
            ...changed,
          }),
        ],
      };
    },
    { expectedVersion: cmd.version },
  );
}
