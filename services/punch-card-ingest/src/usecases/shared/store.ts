import type { PunchCardIngestContext } from '../../context.ts';
import type { PunchDoc } from '../../models/punch.ts';

// Storing raw punches in bulk, for card files and devices alike.

/** Cards asked of the directory per call (its limit). */
const CARD_LOOKUP = 500;

/** Card → person for the cards not asked yet, many per call; cards nobody holds are remembered as such. */
export async function resolveCards(
  ctx: PunchCardIngestContext,
  agencyId: string,
  cardNumbers: Iterable<string>,
  cards: Map<string, string | null>,
): Promise<void> {
  const unknown = new Set<string>();
  for (const card of cardNumbers) if (!cards.has(card)) unknown.add(card);
  const ask = [...unknown];
  for (let i = 0; i < ask.length; i += CARD_LOOKUP) {
    const chunk = ask.slice(i, i + CARD_LOOKUP);
    const { items } = await ctx.directory.findPeopleByCards({ params: { agencyId }, body: { cardNumbers: chunk } });
    for (const card of chunk) cards.set(card, null);
    for (const item of items) cards.set(item.cardNumber, item.personId);
  }
}

/** The driver's collection for documents keyed by string ids (its typings assume ObjectId keys). */
export interface RawCollection {
  insertMany(docs: readonly { _id: string }[], options: { ordered: false }): Promise<{ insertedCount: number }>;
}
export const raw = (collection: unknown) => collection as RawCollection;

interface WriteError {
  code: number;
  /** The position of the document in the insert. */
  index: number;
}

interface BulkError {
  code?: number;
  writeErrors?: WriteError[] | WriteError;
  result?: { insertedCount?: number };
  insertedCount?: number;
}

/** The per-document errors of an unordered bulk write (the driver gives one as an object, several as an array). */
export function bulkErrorsOf(error: unknown): WriteError[] {
  const bulk = error as BulkError;
  return bulk.writeErrors === undefined ? [] : Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
}

/** Insert punches, unordered: those already stored (the same person, instant and source) are counted, not stored twice. */
export async function insertNew(
  ctx: PunchCardIngestContext,
  punches: PunchDoc[],
  report: { stored: number; duplicates: number },
): Promise<void> {
  if (!punches.length) return;
  try {
    const result = await raw(ctx.models.punches.collection).insertMany(punches, { ordered: false });
    report.stored += result.insertedCount;
  } catch (error) {
    const bulk = error as BulkError;
    const errors = bulkErrorsOf(error);
    if (!errors.length || errors.some((e) => e.code !== 11000)) throw error;
    report.stored += bulk.insertedCount ?? bulk.result?.insertedCount ?? punches.length - errors.length;
    report.duplicates += errors.length;
  }
}

/** Insert documents whose `_id` says what they are, unordered; one already there (a retried job) is left alone. */
export async function insertAll(collection: RawCollection, docs: { _id: string }[]): Promise<void> {
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    const errors = bulkErrorsOf(error);
    if (!errors.length || errors.some((e) => e.code !== 11000)) throw error;
  }
}
