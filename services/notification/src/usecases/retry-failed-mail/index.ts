import { z } from 'zod';
import { ConflictError, NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { adminScope } from '../shared/admin.ts';

export const command = z.object({ notificationId: z.string().min(1).max(200) });
export type Command = z.infer<typeof command>;

/** Send a failed mail again (the mail server is fixed, the address corrected): its attempts start afresh. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, command: Command): Promise<void> {
  const found = await ctx.notifications.findById(command.notificationId, { agencyId: 1, 'mail.status': 1 }).lean();
  if (!found) throw new NotFoundError({ code: 'NOTIFICATION_NOT_FOUND', detail: '查無此通知' });
  adminScope(actor, found.agencyId);
  if (found.mail.status !== 'failed')
    throw new ConflictError({ code: 'NOTIFICATION_NOT_FAILED', detail: '此通知的郵件並非寄送失敗，無須重寄' });
  await ctx.notifications.updateOne(
    { _id: command.notificationId },
    { $set: { 'mail.status': 'pending', 'mail.attempts': 0, mailDueAt: ctx.clock() }, $unset: { 'mail.failedAt': 1 } },
  );
  await ctx.mail.sendDue();
}
