import { ForbiddenError } from '@webitr/platform';
import type { AnnouncementView, PersonIdentity } from '@webitr/contracts';
import { rolesAllow } from '@webitr/contracts';
import type { Announcement } from '../../models/announcement.ts';

/** 人事公告欄 is written by the agency's 差勤管理者 and administrators (DIRECTORY_PERMISSIONS' `manage-announcements`), any by a system administrator. */
export function mayManageAnnouncements(actor: PersonIdentity, agencyId: string): void {
  if (!rolesAllow(actor.roles, 'manage-announcements', agencyId))
    throw new ForbiddenError({
      code: 'ANNOUNCEMENT_MANAGER_ONLY',
      detail: '僅該機關的差勤管理者或機關管理員可以管理人事公告',
    });
}

export function announcementView(a: Announcement): AnnouncementView {
  return {
    id: a._id,
    agencyId: a.agencyId,
    title: a.title,
    body: a.body,
    startDate: a.startDate,
    endDate: a.endDate,
    units: a.units.map((u) => ({ id: u.id, name: u.name })),
    postedBy: { id: a.postedBy.id, name: a.postedBy.name },
    postedAt: a.postedAt.toISOString(),
  };
}
