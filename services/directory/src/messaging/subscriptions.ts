import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { DirectoryContext } from '../context.ts';
import { DIRECTORY_ACTOR } from '../domain/actor.ts';
import { forgetAgency, forgetPeople } from '../usecases/shared/cache.ts';
import { releaseHeadships } from '../usecases/shared/units.ts';

/**
 * The directory listens to its own events to drop cached read models. The
 * writer drops them too, right after its write; the events cover a writer that
 * died in between, and any other directory instance's writes. Dropping a cache
 * key twice is harmless, so these handlers are idempotent.
 *
 * A transfer also ends the person's headships in the agency left: the writer
 * does it after its write, and the transfer's own event does it again here, so
 * a writer that stopped in between leaves no head who is gone (a second run
 * finds nothing to release).
 */
export function subscriptions(ctx: DirectoryContext): Subscription[] {
  return [
    subscribe('directory.person.changed', async (event) => {
      await forgetPeople(ctx, [event.payload.personId]);
      if (event.payload.changes.includes('agencyId')) await releaseHeadshipsElsewhere(ctx, event.payload.personId);
    }),
    subscribe('directory.entitlement.granted', (event) => forgetPeople(ctx, [event.payload.personId])),
    subscribe('directory.entitlement.revoked', (event) => forgetPeople(ctx, [event.payload.personId])),
    subscribe('directory.unit.changed', (event) => forgetAgency(ctx, event.payload.agencyId)),
  ];
}

async function releaseHeadshipsElsewhere(ctx: DirectoryContext, personId: string): Promise<void> {
  const person = await ctx.models.Person.findById(personId, { agencyId: 1 }).lean();
  if (person) await releaseHeadships(ctx, DIRECTORY_ACTOR, personId, '人員轉出機關', person.agencyId);
}
