import { routeTable } from './operation.ts';

/**
 * The notification service's operations (behind the gateway at /api/notifications).
 * Everyone's own notifications (通知) and e-mail preferences, read and marked by
 * the web app (the header's bell polls `unreadCount` with `If-None-Match`: a
 * 304 while nothing changed); administrators see the e-mails that could not be
 * sent, with the reason, and write the agency's announcements (人事公告欄)
 * that everyone's 首頁 shows within their dates.
 */
export const notificationRoutes = routeTable({
  listMine: { operationId: 'listMyNotifications', method: 'get', path: '/me', access: 'app' },
  unreadCount: { operationId: 'countUnreadNotifications', method: 'get', path: '/me/unread-count', access: 'app' },
  markRead: { operationId: 'markNotificationRead', method: 'post', path: '/me/:notificationId/read', access: 'app' },
  markAllRead: { operationId: 'markAllNotificationsRead', method: 'post', path: '/me/read-all', access: 'app' },
  getPreferences: { operationId: 'getNotificationPreferences', method: 'get', path: '/me/preferences', access: 'app' },
  savePreferences: { operationId: 'saveNotificationPreferences', method: 'put', path: '/me/preferences', access: 'app' },
  listFailed: { operationId: 'listFailedNotifications', method: 'get', path: '/failed', access: 'admin' },
  retryFailed: { operationId: 'retryFailedNotification', method: 'post', path: '/failed/:notificationId/retry', access: 'admin' },
  // 人事公告欄 (seed 11-1): everyone reads their agency's current ones on 首頁; managers write them.
  currentAnnouncements: { operationId: 'listCurrentAnnouncements', method: 'get', path: '/announcements/current', access: 'app' },
  listAnnouncements: { operationId: 'listAnnouncements', method: 'get', path: '/announcements', access: 'admin' },
  postAnnouncement: { operationId: 'postAnnouncement', method: 'post', path: '/announcements', access: 'admin', idempotent: true },
  withdrawAnnouncement: {
    operationId: 'withdrawAnnouncement',
    method: 'delete',
    path: '/announcements/:announcementId',
    access: 'admin',
  },
});
