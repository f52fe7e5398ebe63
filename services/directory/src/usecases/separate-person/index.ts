import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { personIdParams } from '../shared/fields.ts';
import { changeEmploymentStatus, separationSchema } from '../shared/employment-status.ts';
import type { ChangeStatusCommand } from '../shared/employment-status.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 離職 (a reason is required, kept in the change log and the employment history): the employment status change (shared/employment-status.ts), as the CSV import also makes it. */
export const command = separationSchema.extend(personIdParams.shape);
// Typed as the other status changes are, so the routes mount the three alike; `command` (what the route validates with) requires the reason.
export type Command = ChangeStatusCommand & { personId: string };

export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<PersonDetail> {
  const { personId, ...change } = command;
  return changeEmploymentStatus(ctx, actor, personId, 'separate', change);
}
