import { z } from 'zod';
import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import type { Notification } from '../../models/notification.ts';

export const query = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type Query = z.infer<typeof query>;

export interface NotificationItem {
  id: string;
  category: Notification['category'];
  title: string;
  body: string;
  /** A path in the web app. */
  link: string;
  createdAt: string;
  read: boolean;
}

export const itemOf = (n: Notification): NotificationItem => ({
  id: n._id,
  category: n.category,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  read: Boolean(n.readAt),
});

/** My notifications, newest first, a page at a time, with the unread count for the header. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, query: Query) {
  const found = await ctx.notifications
    .find({ recipientId: actor.sub }, { mail: 0 })
    .sort({ createdAt: -1, _id: -1 })
    .skip((query.page - 1) * query.limit)
    .limit(query.limit + 1)
    .lean<Notification[]>();
  const unread = await ctx.notifications.countDocuments({ recipientId: actor.sub, readAt: null });
  return { items: found.slice(0, query.limit).map(itemOf), page: query.page, hasMore: found.length > query.limit, unread };
}
