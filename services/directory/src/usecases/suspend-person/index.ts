import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { personIdParams } from '../shared/fields.ts';
import { changeEmploymentStatus, statusChangeSchema } from '../shared/employment-status.ts';
import type { PersonDetail } from '../shared/views.ts';

/** 留職停薪: the employment status change (shared/employment-status.ts), as the CSV import also makes it. */
export const command = statusChangeSchema.extend(personIdParams.shape);
export type Command = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<PersonDetail> {
  const { personId, ...change } = command;
  return changeEmploymentStatus(ctx, actor, personId, 'suspend', change);
}
