import { ForbiddenError } from '@webitr/platform';
import type { CommonReasonsView } from '@webitr/contracts';
import type { CommonReasonsDoc } from '../../models/common-reasons.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from '../shared/access.ts';

/** 差假事由: the agency's common reasons, for its own people (the 差假申請 form offers them) and those who manage them. */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string): Promise<CommonReasonsView> {
  if (actor.agencyId !== agencyId && !mayIn(actor, 'manage-common-reasons', agencyId))
    throw new ForbiddenError({ code: 'OTHER_AGENCY', detail: '僅可查詢本機關的常用事由' });
  const doc = await ctx.models.commonReasons.findById(agencyId).lean<CommonReasonsDoc>();
  return { agencyId, reasons: doc?.reasons ?? [], version: doc?.version ?? 0 };
}
