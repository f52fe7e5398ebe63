import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeEmploymentStatus, statusChangeSchema } from '../shared/employment-status.ts';
import type { ChangeStatusCommand } from '../shared/employment-status.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 留職停薪: the employment status change (shared/employment-status.ts), as the CSV import also makes it. */
export const command = statusChangeSchema;

export function execute(ctx: DirectoryContext, actor: Actor, personId: string, cmd: ChangeStatusCommand): Promise<PersonDetail> {
  return changeEmploymentStatus(ctx, actor, personId, 'suspend', cmd);
}
