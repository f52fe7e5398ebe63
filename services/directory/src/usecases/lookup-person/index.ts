import { ConflictError } from '@webitr/platform';
import { personLookupSchema } from '@webitr/contracts';
import type { PersonLookup, PersonSummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import { identityKey } from '../../models/person.ts';
import { normaliseNationalId } from '../../personal-data/national-id.ts';
import { getPersonSummary } from '../shared/person-summary.ts';
import { personNotFound } from '../shared/person-writer.ts';

/** Find the person a portal sign-in belongs to: by portal subject, official e-mail or national ID (keyed hash). */
export const command = personLookupSchema;

export async function execute(ctx: DirectoryContext, lookup: PersonLookup): Promise<PersonSummary> {
  const filter =
    lookup.by === 'subject'
      ? { identityKeys: identityKey({ issuer: lookup.issuer, subject: lookup.subject }) }
      : lookup.by === 'email'
        ? { email: lookup.email.trim().toLowerCase() }
        : { nationalIdHash: ctx.protector.hash(normaliseNationalId(lookup.nationalId)) };
  const found = await ctx.models.Person.find(filter, { _id: 1 }).limit(2).lean();
  if (found.length === 0) throw personNotFound();
  if (found.length > 1) throw new ConflictError({ code: 'PERSON_AMBIGUOUS', detail: '有多位人員符合，請洽人事室' });
  return getPersonSummary(ctx, found[0]!._id);
}
