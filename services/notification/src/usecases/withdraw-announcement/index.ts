import { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import type { PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { mayManageAnnouncements } from '../shared/announcements.ts';

export const command = z.object({ announcementId: z.string().min(1).max(64) });
export type Command = z.infer<typeof command>;

/** 刪除公告: it leaves 首頁 at once; the record stays, marked withdrawn and by whom. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, command: Command): Promise<void> {
  const found = await ctx.announcements.findById(command.announcementId, { agencyId: 1, withdrawnAt: 1 }).lean();
  if (!found || found.withdrawnAt) throw new NotFoundError({ code: 'ANNOUNCEMENT_NOT_FOUND', detail: '查無此公告' });
  mayManageAnnouncements(actor, found.agencyId);
  await ctx.announcements.updateOne({ _id: command.announcementId }, { $set: { withdrawnAt: ctx.clock(), withdrawnBy: actor.sub } });
}
