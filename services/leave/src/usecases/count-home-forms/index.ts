import type { HomeCountsView } from '@webitr/contracts';
import type { Actor, LeaveContext } from '../../context.ts';
import { DEPUTY_ANSWER_STATUSES, LIVE_STATUSES } from '../shared/form-queries.ts';

/** The home page's counts (seed 002: 批核案件 / 申請案件 / 代理案件). 批核案件 belong to the approval service. */
export async function execute(ctx: LeaveContext, actor: Actor): Promise<HomeCountsView> {
  const [applications, deputy] = await Promise.all([
    ctx.models.forms.countDocuments({ applicantId: actor.sub, status: { $in: LIVE_STATUSES } }),
    ctx.models.forms.countDocuments({ 'deputy.personId': actor.sub, 'deputy.status': 'pending', status: { $in: DEPUTY_ANSWER_STATUSES } }),
  ]);
  return { applications, deputy };
}
