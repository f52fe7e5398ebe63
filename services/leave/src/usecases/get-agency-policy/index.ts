import { ForbiddenError } from '@webitr/platform';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from '../shared/access.ts';
import { agencyPolicyView } from '../shared/policies.ts';

/** The agency's leave types as its people have them, its settings, and the history of changes (its own people and its attendance managers). */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string) {
  if (actor.agencyId !== agencyId && !mayIn(actor, 'manage-leave-policy', agencyId))
    throw new ForbiddenError({ code: 'OTHER_AGENCY', detail: '僅可查詢本機關的差假規則' });
  return agencyPolicyView(ctx, actor, agencyId);
}
