import { ConflictError, isDuplicateKeyError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';

/** A claim this old whose person does not hold the identifier was left by a crash: it may be taken over. */
const STALE_AFTER_MS = 60_000;

type KeyHolder = Pick<Person, 'nationalIdHash' | 'agencyId' | 'email' | 'identityKeys' | 'cardNumbers'>;

const NATIONAL_ID = 'national-id:';

/**
 * The identifiers a person holds that no one else may hold. The national ID
 * (by its keyed hash) is claimed here too: the unique index on the hash refuses
 * a duplicate insert, but FerretDB reports a duplicate made by an update as an
 * internal error, so a changed number must be claimed before the write.
 */
export function personKeys(person: KeyHolder): string[] {
  return [
    ...(person.nationalIdHash ? [`${NATIONAL_ID}${person.nationalIdHash}`] : []),
    ...(person.email ? [`email:${person.email}`] : []),
    ...(person.identityKeys ?? []).map((key) => `subject:${key}`),
    ...(person.cardNumbers ?? []).map((card) => `card:${person.agencyId}:${card}`),
  ];
}

function conflictFor(key: string): ConflictError {
  if (key.startsWith(NATIONAL_ID)) return new ConflictError({ code: 'NATIONAL_ID_TAKEN', detail: '此身分證字號已由其他人員使用' });
  if (key.startsWith('email:')) return new ConflictError({ code: 'EMAIL_TAKEN', detail: '此電子郵件已由其他人員使用' });
  if (key.startsWith('subject:')) return new ConflictError({ code: 'IDENTITY_TAKEN', detail: '此入口網帳號已連結其他人員' });
  return new ConflictError({ code: 'CARD_TAKEN', detail: '此卡號已由本機關其他人員使用' });
}

/** Claim every key for the person, or none (409 naming the first one taken). */
export async function claimKeys(ctx: DirectoryContext, personId: string, keys: readonly string[]): Promise<void> {
  const claimed: string[] = [];
  try {
    for (const key of keys) {
      await claimOne(ctx, personId, key);
      claimed.push(key);
    }
  } catch (error) {
    await releaseKeys(ctx, personId, claimed);
    throw error;
  }
}

async function claimOne(ctx: DirectoryContext, personId: string, key: string): Promise<void> {
  const { PersonKey, Person } = ctx.models;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await PersonKey.create({ _id: key, personId, claimedAt: ctx.clock() });
      await refuseUnclaimedHolder(ctx, personId, key);
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await PersonKey.findById(key).lean();
    if (!existing) continue;
    if (existing.personId === personId) return;
    const owner = await Person.findById(existing.personId, {
      nationalIdHash: 1,
      agencyId: 1,
      email: 1,
      identityKeys: 1,
      cardNumbers: 1,
    }).lean<KeyHolder>();
    const stale = existing.claimedAt.getTime() < ctx.clock().getTime() - STALE_AFTER_MS;
    if ((owner && personKeys(owner).includes(key)) || !stale) throw conflictFor(key);
    const taken = await PersonKey.updateOne({ _id: key, personId: existing.personId }, { $set: { personId, claimedAt: ctx.clock() } });
    if (taken.modifiedCount === 1) {
      await refuseUnclaimedHolder(ctx, personId, key);
      return;
    }
  }
  throw conflictFor(key);
}

/**
 * People stored before national IDs were claimed hold their numbers without a
 * claim: a new claim on a number someone holds is given back and refused.
 */
async function refuseUnclaimedHolder(ctx: DirectoryContext, personId: string, key: string): Promise<void> {
  if (!key.startsWith(NATIONAL_ID)) return;
  const holder = await ctx.models.Person.exists({ nationalIdHash: key.slice(NATIONAL_ID.length), _id: { $ne: personId } });
  if (!holder) return;
  await ctx.models.PersonKey.deleteOne({ _id: key, personId });
  throw conflictFor(key);
}

export async function releaseKeys(ctx: DirectoryContext, personId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await ctx.models.PersonKey.deleteMany({ _id: { $in: [...keys] }, personId });
}
