import { failedMailQuery } from '@webitr/contracts';
import type { FailedMailList, FailedMailQuery, PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { CATEGORY_LABEL } from '../../domain/categories.ts';
import type { Notification } from '../../models/notification.ts';
import { adminScope, maskAddress } from '../shared/admin.ts';

/** System administrators: one agency (all when absent); agency administrators: their own (the default). */
export const query = failedMailQuery;
export type Query = FailedMailQuery;

/** Mails that could not be sent after the last attempt, newest first, with the reason: never silently lost. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, query: Query): Promise<FailedMailList> {
  const scope = adminScope(actor, query.agencyId);
  const found = await ctx.notifications
    .find({ 'mail.status': 'failed', ...scope }, { 'mail.text': 0, 'mail.html': 0, body: 0 })
    .sort({ createdAt: -1 })
    .limit(query.limit)
    .lean<Notification[]>();
  const recipients = [...new Set(found.map((n) => n.recipientId))];
  // Names for the list; a directory that is slow or down leaves ids, not an error.
  const names = new Map(
    await Promise.all(recipients.map(async (id) => [id, (await ctx.people.person(id).catch(() => undefined))?.name] as const)),
  );
  return {
    items: found.map((n) => ({
      id: n._id,
      recipientId: n.recipientId,
      ...(names.get(n.recipientId) ? { recipientName: names.get(n.recipientId) } : {}),
      agencyId: n.agencyId,
      category: n.category,
      categoryLabel: CATEGORY_LABEL[n.category] ?? n.category,
      eventType: n.eventType,
      subject: n.mail.subject,
      to: maskAddress(n.mail.to),
      attempts: n.mail.attempts,
      reason: n.mail.lastError ?? '',
      createdAt: n.createdAt.toISOString(),
      failedAt: n.mail.failedAt?.toISOString(),
    })),
  };
}
