import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeEmploymentStatus, separationSchema } from '../shared/employment-status.ts';
import type { ChangeStatusCommand } from '../shared/employment-status.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 離職 (a reason is required, kept in the change log and the employment history): the employment status change (shared/employment-status.ts), as the CSV import also makes it. */
export const command = separationSchema;

export function execute(ctx: DirectoryContext, actor: Actor, personId: string, cmd: ChangeStatusCommand): Promise<PersonDetail> {
  return changeEmploymentStatus(ctx, actor, personId, 'separate', cmd);
}
