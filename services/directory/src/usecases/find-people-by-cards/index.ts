import type { CardHolders } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';

/**
 * Card numbers to people within an agency, many at once: a card file of a
 * million lines names a few thousand cards, asked for in batches rather than
 * one call each. Cards nobody holds are left out (the ingest reports their
 * lines as unknown cards).
 */
export async function execute(ctx: DirectoryContext, agencyId: string, cardNumbers: readonly string[]): Promise<CardHolders> {
  const wanted = new Set(cardNumbers.map((c) => c.trim()));
  const found = await ctx.models.Person.find({ agencyId, cardNumbers: { $in: [...wanted] } }, { _id: 1, cardNumbers: 1, status: 1 }).lean();
  const items: CardHolders['items'] = [];
  for (const person of found)
    for (const cardNumber of person.cardNumbers ?? [])
      if (wanted.has(cardNumber)) items.push({ cardNumber, personId: String(person._id), status: person.status });
  return { items };
}
