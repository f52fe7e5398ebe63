import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeLogQuery, readChangeLog } from '../shared/change-log.ts';
import type { ChangeLogPage } from '../shared/change-log.ts';
import { agencyIdParams } from '../shared/fields.ts';

export { changeLogPageSchema as result } from '../shared/change-log.ts';

/** 帳號異動記錄 of one agency: entries about it, including transfers in and out (its administrators). */
export const query = changeLogQuery.extend(agencyIdParams.shape);
export type Query = z.infer<typeof query>;

export function execute(ctx: DirectoryContext, actor: Actor, query: Query): Promise<ChangeLogPage> {
  const { agencyId, ...filters } = query;
  authorize(actor, 'view-change-log', agencyId);
  return readChangeLog(ctx, { agencyIds: agencyId }, filters);
}
