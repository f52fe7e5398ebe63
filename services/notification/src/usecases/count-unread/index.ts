import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';

/**
 * The header's bell: how many are unread, and the newest one's id. The web
 * app polls this with `If-None-Match`; the answer is small and the same while
 * nothing changed, so it gets 304 (Express's ETag of the body).
 */
export async function execute(ctx: NotificationContext, actor: PersonIdentity): Promise<{ unread: number; latestId: string | null }> {
  const [unread, latest] = await Promise.all([
    ctx.notifications.countDocuments({ recipientId: actor.sub, readAt: null }),
    ctx.notifications.findOne({ recipientId: actor.sub }, { _id: 1 }).sort({ createdAt: -1, _id: -1 }).lean<{ _id: string }>(),
  ]);
  return { unread, latestId: latest?._id ?? null };
}
