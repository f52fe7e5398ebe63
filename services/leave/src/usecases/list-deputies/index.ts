import { listDeputiesQuery } from '@webitr/contracts';
import type { ListDeputiesQuery } from '@webitr/contracts';
import { invalid } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { DEPUTY_ON_LEAVE_MESSAGE, deputyListView, isOnLeave } from '../shared/deputies.ts';
import type { DeputyListView } from '../shared/deputies.ts';

/** With an interval, who on the list can act in it. */
export const query = listDeputiesQuery;

/** 代理人設定: my ordered deputy list; with start and end, whether each is free then (a deputy on leave cannot act). */
export async function execute(ctx: LeaveContext, actor: Actor, interval: Partial<ListDeputiesQuery>): Promise<DeputyListView> {
  if ((interval.start === undefined) !== (interval.end === undefined))
    throw invalid('INTERVAL_INCOMPLETE', 'query.end', '請假迄時', '查詢代理人可否代理須同時給起時與迄時');
  const list = deputyListView(await ctx.models.deputyLists.findById(actor.sub).lean());
  if (!interval.start || !interval.end) return list;
  for (const d of list.deputies) {
    d.available = !(await isOnLeave(ctx, d.personId, interval.start, interval.end));
    if (!d.available) d.message = DEPUTY_ON_LEAVE_MESSAGE;
  }
  return list;
}
