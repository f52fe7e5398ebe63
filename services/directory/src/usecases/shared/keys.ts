import { ConflictError, isDuplicateKeyError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Person } from '../../models/person.ts';

/** A claim this old whose person does not hold the identifier was left by a crash: it may be taken over. */
const STALE_AFTER_MS = 60_000;

type KeyHolder = Pick<Person, 'agencyId' | 'email' | 'identityKeys' | 'cardNumbers'>;

/** The identifiers a person holds that no one else may hold. */
export function personKeys(person: KeyHolder): string[] {
  return [
    ...(person.email ? [`email:${person.email}`] : []),
    ...(person.identityKeys ?? []).map((key) => `subject:${key}`),
    ...(person.cardNumbers ?? []).map((card) => `card:${person.agencyId}:${card}`),
  ];
}

function conflictFor(key: string): ConflictError {
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
      await PersonKey.create({ _id: key, personId, claimedAt: new Date() });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await PersonKey.findById(key).lean();
    if (!existing) continue;
    if (existing.personId === personId) return;
    const owner = await Person.findById(existing.personId, { agencyId: 1, email: 1, identityKeys: 1, cardNumbers: 1 }).lean<KeyHolder>();
    const stale = existing.claimedAt.getTime() < Date.now() - STALE_AFTER_MS;
    if ((owner && personKeys(owner).includes(key)) || !stale) throw conflictFor(key);
    const taken = await PersonKey.updateOne({ _id: key, personId: existing.personId }, { $set: { personId, claimedAt: new Date() } });
    if (taken.modifiedCount === 1) return;
  }
  throw conflictFor(key);
}

export async function releaseKeys(ctx: DirectoryContext, personId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await ctx.models.PersonKey.deleteMany({ _id: { $in: [...keys] }, personId });
}
