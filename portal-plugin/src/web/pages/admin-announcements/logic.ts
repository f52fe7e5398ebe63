// 人事公告欄's pure parts: where an announcement stands today, and who it is for.
import type { AnnouncementView } from '@webitr/contracts/views/notification';

export type AnnouncementState = 'current' | 'upcoming' | 'ended';
export const ANNOUNCEMENT_STATE_LABEL: Record<AnnouncementState, string> = { current: '公告中', upcoming: '未開始', ended: '已結束' };

/** Today (an ISO date, Taipei) against the announcement's inclusive dates. */
export function announcementState(a: Pick<AnnouncementView, 'startDate' | 'endDate'>, today: string): AnnouncementState {
  if (today < a.startDate) return 'upcoming';
  return today > a.endDate ? 'ended' : 'current';
}

/** 公告對象: 全機關, or the units by name. */
export const audienceText = (a: Pick<AnnouncementView, 'units'>): string =>
  a.units.length === 0 ? '全機關' : a.units.map((u) => u.name).join('、');
