import type { PersonIdentity } from '@webitr/contracts';
import type { Clock, Logger, Redis } from '@webitr/platform';
import type { Models } from './models/index.ts';
import type { ApprovalRoutes } from './clients/approval.ts';
import type { People } from './clients/people.ts';
import type { AttachmentStore } from './usecases/shared/attachment-store.ts';
import type { FilingGate } from './usecases/shared/filing-gate.ts';

/** What every use case works with; built once in service.ts. */
export interface LeaveContext {
  models: Models;
  people: People;
  /** The approval service, for the route a draft would take (quotes); undefined when not configured. */
  approval?: ApprovalRoutes;
  redis: Redis;
  attachments: AttachmentStore;
  /** Bounds the filings in progress; one beyond it is refused at once (503 LEAVE_BUSY). */
  filings: FilingGate;
  /** Now. Tests fix it; everything time-dependent (prior overtime, cancel before start, expiry) reads it. */
  clock: Clock;
  /** Tell the outbox relay there is something to publish. */
  kick: () => void;
  logger: Logger;
}

/** The person acting, as the gateway asserted them. */
export type Actor = PersonIdentity;
