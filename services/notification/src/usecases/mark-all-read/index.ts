import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';

/** Mark every unread notification of mine read. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity): Promise<{ marked: number }> {
  const result = await ctx.notifications.updateMany({ recipientId: actor.sub, readAt: null }, { $set: { readAt: ctx.clock() } });
  return { marked: result.modifiedCount };
}
