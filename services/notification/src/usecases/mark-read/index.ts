import { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';

export const command = z.object({ notificationId: z.string().min(1).max(200) });
export type Command = z.infer<typeof command>;

/** Mark one of my notifications read (again: nothing changes). Someone else's is not found, as if it did not exist. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, command: Command): Promise<void> {
  const found = await ctx.notifications.findById(command.notificationId, { recipientId: 1, readAt: 1 }).lean();
  if (!found || found.recipientId !== actor.sub) throw new NotFoundError({ code: 'NOTIFICATION_NOT_FOUND', detail: '查無此通知' });
  if (!found.readAt) await ctx.notifications.updateOne({ _id: command.notificationId }, { $set: { readAt: ctx.clock() } });
}
