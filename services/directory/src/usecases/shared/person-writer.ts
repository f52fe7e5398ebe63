import { ConflictError, NotFoundError, outboxOnCreate, updateWithVersion } from '@webitr/platform';
import type { EventEnvelope } from '@webitr/contracts';
import type { Model, UpdateQuery } from 'mongoose';
import type { DirectoryContext } from '../../context.ts';
import { journalOnCreate, withJournal } from '../../audit/journal.ts';
import type { ChangeLogEntry } from '../../models/change-log.ts';
import type { Person } from '../../models/person.ts';
import { forgetPeople } from './cache.ts';
import { claimKeys, personKeys, releaseKeys } from './keys.ts';

/**
 * The one way a person document is written. A change, its events (outbox) and
 * its change-log entries (journal) go in ONE single-document write, conditional
 * on the version read, so concurrent changes never overwrite each other; then
 * the relay is kicked, the journal flushed and the caches dropped.
 */
export interface PersonChange {
  set?: Partial<Person>;
  unset?: (keyof Person)[];
  events?: EventEnvelope[];
  entries?: ChangeLogEntry[];
}

export const personNotFound = () => new NotFoundError({ code: 'PERSON_NOT_FOUND', detail: '查無此人員資料' });
export const personExists = () =>
  new ConflictError({ code: 'PERSON_EXISTS', detail: '此身分證字號已建檔；如為他機關人員，請使用機關員工轉移' });
/** A change to a number another person holds (its claim in person_keys, or the unique index on the hash, refused it). */
export const nationalIdTaken = () => new ConflictError({ code: 'NATIONAL_ID_TAKEN', detail: '此身分證字號已由其他人員使用' });
export const versionConflict = () => new ConflictError({ code: 'VERSION_CONFLICT', detail: '資料已被他人修改，請重新整理後再試' });

export async function changePerson(
  ctx: DirectoryContext,
  personId: string,
  decide: (person: Person) => PersonChange | undefined | Promise<PersonChange | undefined>,
  options: { expectedVersion?: number } = {},
): Promise<{ person: Person; changed: boolean }> {
  const { Person } = ctx.models;
  const { expectedVersion } = options;
  let written;
  try {
    written = await updateWithVersion(
      Person,
      personId,
      async (person) => {
        const change = await decide(person);
        if (!change) return undefined;
        const { set = {}, unset = [], events = [], entries = [] } = change;
        const next: Person = { ...person, ...set, updatedAt: ctx.clock(), version: person.version + 1 };
        for (const field of unset) delete next[field];
        const held = personKeys(person);
        const wanted = personKeys(next);
        const claims = wanted.filter((k) => !held.includes(k));
        await claimKeys(ctx, personId, claims);
        const update: UpdateQuery<Person> = {
          $set: { ...set, updatedAt: next.updatedAt },
          ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) } : {}),
        };
        // A lost or failed write gives back the keys it claimed.
        return { update: withJournal(update, entries), events, next, held, wanted, undo: () => releaseKeys(ctx, personId, claims) };
      },
      {
        attempts: 5,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        notFound: personNotFound,
        conflict: () =>
          expectedVersion !== undefined
            ? versionConflict()
            : new ConflictError({ code: 'CONCURRENT_UPDATE', detail: '此人員資料正被同時修改，請稍後再試' }),
      },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) throw nationalIdTaken();
    throw error;
  }
  if (!written.change) return { person: written.doc, changed: false };
  const { next, held, wanted, events } = written.change;
  await releaseKeys(
    ctx,
    personId,
    held.filter((k) => !wanted.includes(k)),
  );
  await afterWrite(ctx, Person, personId, events.length > 0, [personId]);
  return { person: next, changed: true };
}

/** Insert a new person with its events and entries in the same write. */
export async function insertPerson(
  ctx: DirectoryContext,
  person: Person,
  events: EventEnvelope[],
  entries: ChangeLogEntry[],
): Promise<void> {
  const keys = personKeys(person);
  try {
    await claimKeys(ctx, person._id, keys);
  } catch (error) {
    // A new person whose number is taken is someone already on file (perhaps in another agency).
    if (error instanceof ConflictError && error.code === 'NATIONAL_ID_TAKEN') throw personExists();
    throw error;
  }
  try {
    await ctx.models.Person.create({ ...person, ...outboxOnCreate(events), ...journalOnCreate(entries) });
  } catch (error) {
    await releaseKeys(ctx, person._id, keys);
    if ((error as { code?: unknown }).code === 11000) throw personExists();
    throw error;
  }
  await afterWrite(ctx, ctx.models.Person, person._id, events.length > 0, [person._id]);
}

/** A person about to be inserted, with the events and log entries of their creation. */
export interface NewPerson {
  person: Person;
  events: EventEnvelope[];
  entries: ChangeLogEntry[];
}

/**
 * Many new people in a handful of writes whatever their number (the CSV
 * import; one by one each cost some fifteen round trips): their keys claimed
 * in one insert, anyone already holding one of their national IDs found in one
 * query, the people inserted in one more, their log entries copied in one
 * flush. A person whose claim or insert is refused is left out, their claims
 * given back, and returned, for the caller to create alone (which names the
 * conflict, as insertPerson does).
 */
export async function insertPeople(ctx: DirectoryContext, items: readonly NewPerson[]): Promise<Set<string>> {
  const { Person, PersonKey } = ctx.models;
  const refused = new Set<string>();
  if (items.length === 0) return refused;
  const now = ctx.clock();
  const claims = items.flatMap(({ person }) => personKeys(person).map((key) => ({ _id: key, personId: person._id, claimedAt: now })));
  await insertEach(
    (docs) => PersonKey.collection.insertMany(docs as never[], { ordered: false }),
    claims,
    (claim) => refused.add(claim.personId),
  );
  // People stored before national IDs were claimed hold their numbers without a claim.
  const hashes = items.filter(({ person }) => !refused.has(person._id)).map(({ person }) => person.nationalIdHash);
  const holders = await Person.find({ nationalIdHash: { $in: hashes } }, { nationalIdHash: 1 }).lean<
    Pick<Person, '_id' | 'nationalIdHash'>[]
  >();
  const held = new Set(holders.map((h) => h.nationalIdHash));
  for (const { person } of items) if (held.has(person.nationalIdHash)) refused.add(person._id);
  const documents = items
    .filter(({ person }) => !refused.has(person._id))
    // Cast and defaulted as create() would, then written in one insert.
    .map(
      ({ person, events, entries }) =>
        new Person({ ...person, ...outboxOnCreate(events), ...journalOnCreate(entries) }).toObject() as Person,
    );
  await insertEach(
    (docs) => Person.collection.insertMany(docs as never[], { ordered: false }),
    documents,
    (document) => refused.add(document._id),
  );
  if (refused.size > 0)
    await PersonKey.deleteMany({
      _id: { $in: claims.filter((c) => refused.has(c.personId)).map((c) => c._id) },
      personId: { $in: [...refused] },
    });
  const inserted = documents.map((d) => d._id).filter((id) => !refused.has(id));
  if (inserted.length > 0) {
    if (items.some(({ events }) => events.length > 0)) ctx.relay.kick();
    await ctx.journal
      .flushMany(Person, inserted)
      .catch((err: unknown) => ctx.logger.warn({ err }, 'journal flush failed; the poll will copy the entries'));
    await forgetPeople(ctx, inserted);
  }
  return refused;
}

/**
 * Insert documents in one unordered write (`insert`: straight to the driver,
 * so a write error's index is the document's here); each one a unique index
 * refuses is handed to `refuse`, anything else is thrown.
 */
async function insertEach<T>(insert: (documents: T[]) => Promise<unknown>, documents: T[], refuse: (document: T) => void): Promise<void> {
  if (documents.length === 0) return;
  try {
    await insert(documents);
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: unknown; index: number }[] }).writeErrors;
    if (!writeErrors || !writeErrors.every((e) => e.code === 11000)) throw error;
    for (const { index } of writeErrors) refuse(documents[index]!);
  }
}

/** After any write: publish its events soon, copy its log entries now, drop stale cache entries. */
export async function afterWrite(
  ctx: DirectoryContext,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any journaled model
  model: Model<any>,
  id: string,
  hasEvents: boolean,
  personIds: readonly string[] = [],
): Promise<void> {
  if (hasEvents) ctx.relay.kick();
  await ctx.journal
    .flush(model, id)
    .catch((err: unknown) => ctx.logger.warn({ err }, 'journal flush failed; the poll will copy the entries'));
  await forgetPeople(ctx, personIds);
}
