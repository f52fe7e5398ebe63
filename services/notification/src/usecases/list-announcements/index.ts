import { listAnnouncementsQuery } from '@webitr/contracts';
import type { AnnouncementList, ListAnnouncementsQuery, PersonIdentity } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import type { Announcement } from '../../models/announcement.ts';
import { announcementView, mayManageAnnouncements } from '../shared/announcements.ts';

export const query = listAnnouncementsQuery;
export type Query = ListAnnouncementsQuery;

/** 人事公告欄 管理: every announcement of the agency not withdrawn (past, current and to come), latest start first. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, query: Query): Promise<AnnouncementList> {
  mayManageAnnouncements(actor, query.agencyId);
  const found = await ctx.announcements
    .find({ agencyId: query.agencyId, withdrawnAt: { $exists: false } })
    .sort({ startDate: -1, postedAt: -1 })
    .limit(500)
    .lean<Announcement[]>();
  return { items: found.map(announcementView) };
}
