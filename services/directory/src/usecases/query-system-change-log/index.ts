import { ForbiddenError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import { isSystemAdmin } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeLogQuery, readChangeLog } from '../shared/change-log.ts';
import type { ChangeLogPage, ChangeLogQuery } from '../shared/change-log.ts';

export { changeLogPageSchema as result } from '../shared/change-log.ts';

/** 帳號異動記錄 of every agency (system administrators). */
export const query = changeLogQuery;

export function execute(ctx: DirectoryContext, actor: Actor, query: ChangeLogQuery): Promise<ChangeLogPage> {
  if (!isSystemAdmin(actor)) throw new ForbiddenError({ code: 'ROLE_REQUIRED', detail: '跨機關的異動記錄限系統管理者查詢' });
  return readChangeLog(ctx, {}, query);
}
