import { listMyFormsQuery } from '@webitr/contracts';
import type { ListMyFormsQuery, MyFormsView } from '@webitr/contracts';
import type { FormDoc } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { DEPUTY_ANSWER_STATUSES, periodFilter, statusesOf } from '../shared/form-queries.ts';
import type { Filter } from '../shared/form-queries.ts';
import { formView } from '../shared/views.ts';

/** 申請案件 (box=mine) and 代理案件 (box=deputy); `pending` in the deputy box means waiting for my consent. */
export const query = listMyFormsQuery;
export type Query = ListMyFormsQuery;

export async function execute(ctx: LeaveContext, actor: Actor, query: Query): Promise<MyFormsView> {
  const statuses = statusesOf(query.status);
  const filter: Filter = { ...periodFilter(query), ...(query.kind ? { kind: query.kind } : {}) };
  if (query.box === 'mine') {
    Object.assign(filter, { applicantId: actor.sub }, statuses ? { status: { $in: statuses } } : {});
  } else if (query.status === 'pending') {
    Object.assign(filter, { 'deputy.personId': actor.sub, 'deputy.status': 'pending', status: { $in: DEPUTY_ANSWER_STATUSES } });
  } else {
    Object.assign(filter, { 'deputy.personId': actor.sub }, statuses ? { status: { $in: statuses } } : {});
  }
  const forms = await ctx.models.forms.find(filter).sort({ start: -1 }).limit(query.limit).lean<FormDoc[]>();
  return { items: forms.map(formView) };
}
