import type { Model } from 'mongoose';
import type { Logger, OutboxRelay } from '@webitr/platform';
import type { PersonSummary } from '@webitr/contracts';
import type { Organisation } from './domain/route.ts';
import type { ApprovalCase } from './models/approval-case.ts';
import type { FlowModels } from './models/flow-config.ts';

/** Everything the use cases need, wired once in main.ts. */
export interface ApprovalContext {
  cases: Model<ApprovalCase>;
  flows: FlowModels;
  /** The organisation as the directory knows it: supervisors, unit heads, role holders. */
  org: Organisation;
  person(personId: string): Promise<PersonSummary>;
  relay: Pick<OutboxRelay, 'kick'>;
  logger: Logger;
  now(): Date;
}

export const PRODUCER = 'approval';
