import type { Model } from 'mongoose';
import type { Clock, Logger, OutboxRelay } from '@webitr/platform';
import type { PersonSummary } from '@webitr/contracts';
import type { Organisation } from './domain/route.ts';
import type { ApprovalCase } from './models/approval-case.ts';
import type { FlowModels } from './models/flow-config.ts';
import type { FormRound } from './models/form-round.ts';

/** Everything the use cases need, built once in service.ts. */
export interface ApprovalContext {
  cases: Model<ApprovalCase>;
  /** The latest round of each form's request, so a late request for an earlier one opens nothing. */
  rounds: Model<FormRound>;
  flows: FlowModels;
  /** The organisation as the directory knows it: supervisors, unit heads, role holders. */
  org: Organisation;
  person(personId: string): Promise<PersonSummary>;
  relay: Pick<OutboxRelay, 'kick'>;
  logger: Logger;
  /** Now. Tests fix it; who is away, deadlines and reminders read it. */
  clock: Clock;
}

export const PRODUCER = 'approval';
