import { createEvent } from '@webitr/platform';
import type { EventEnvelope } from '@webitr/contracts';
import { PRODUCER } from '../context.ts';

/**
 * The events the directory publishes. Each is written into the changed
 * document's outbox in the same write as the change (usecases/shared/person-writer.ts),
 * and the outbox relay publishes it.
 */
export const entitlementGranted = (personId: string, agencyId: string, app: string, actorId: string): EventEnvelope =>
  createEvent('directory.entitlement.granted', { personId, agencyId, app, actorId }, PRODUCER);

export const entitlementRevoked = (personId: string, agencyId: string, app: string, actorId: string): EventEnvelope =>
  createEvent('directory.entitlement.revoked', { personId, agencyId, app, actorId }, PRODUCER);

export const personChanged = (personId: string, agencyId: string, changes: string[]): EventEnvelope =>
  createEvent('directory.person.changed', { personId, agencyId, changes }, PRODUCER);

export const unitChanged = (unitId: string, agencyId: string, changes: string[]): EventEnvelope =>
  createEvent('directory.unit.changed', { unitId, agencyId, changes }, PRODUCER);
