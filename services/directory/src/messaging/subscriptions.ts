import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { DirectoryContext } from '../context.ts';
import { forgetAgency, forgetPeople } from '../usecases/shared/cache.ts';

/**
 * The directory listens to its own events to drop cached read models. The
 * writer drops them too, right after its write; the events cover a writer that
 * died in between, and any other directory instance's writes. Dropping a cache
 * key twice is harmless, so these handlers are idempotent.
 */
export function subscriptions(ctx: DirectoryContext): Subscription[] {
  return [
    subscribe('directory.person.changed', (event) => forgetPeople(ctx, [event.payload.personId])),
    subscribe('directory.entitlement.granted', (event) => forgetPeople(ctx, [event.payload.personId])),
    subscribe('directory.entitlement.revoked', (event) => forgetPeople(ctx, [event.payload.personId])),
    subscribe('directory.unit.changed', (event) => forgetAgency(ctx, event.payload.agencyId)),
  ];
}
