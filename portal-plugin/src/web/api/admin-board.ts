// 人事公告欄, the failed-mail list (the notification service, behind the
// gateway at /api/notifications) and 稽核紀錄 (the gateway's own
// /api/admin/audit), as the 管理 pages and 首頁 call them, typed by the
// contracts, with the query keys they share.
import type { AuditPage, AuditQueryInput } from '@webitr/contracts/forms/audit';
import type { FailedMailQueryInput, PostAnnouncementInput } from '@webitr/contracts/forms/notification';
import type { AnnouncementList, AnnouncementView, FailedMailList } from '@webitr/contracts/views/notification';
import type { Query } from './client.ts';
import { api } from './index.ts';

const BASE = '/api/notifications';
const seg = encodeURIComponent;

export const adminBoardKeys = {
  /** 首頁's current announcements (and the manager's list: a change refreshes both). Not under the bell's key, which each mark-read refreshes. */
  announcements: ['announcements'] as const,
  agencyAnnouncements: (agencyId: string) => ['announcements', 'agency', agencyId] as const,
  failedMail: ['failed-mail'] as const,
  failedMailOf: (agencyId: string) => ['failed-mail', agencyId] as const,
  audit: (query: AuditQueryInput) => ['gateway', 'audit', query] as const,
};

export const adminBoard = {
  currentAnnouncements: () => api.get<AnnouncementList>(`${BASE}/announcements/current`),
  listAnnouncements: (agencyId: string) => api.get<AnnouncementList>(`${BASE}/announcements`, { agencyId }),
  postAnnouncement: (body: PostAnnouncementInput, idempotencyKey: string) =>
    api.post<AnnouncementView>(`${BASE}/announcements`, body, { idempotencyKey }),
  withdrawAnnouncement: (announcementId: string) => api.delete(`${BASE}/announcements/${seg(announcementId)}`),

  failedMail: (query: FailedMailQueryInput) => api.get<FailedMailList>(`${BASE}/failed`, query as Query),
  retryFailedMail: (notificationId: string) => api.post<{ queued: boolean }>(`${BASE}/failed/${seg(notificationId)}/retry`),

  audit: (query: AuditQueryInput) => api.get<AuditPage>('/api/admin/audit', query as Query),
};
