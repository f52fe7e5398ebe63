import { routeTable } from './operation.ts';

/**
 * The notification service's operations (behind the gateway at /api/notifications).
 * Everyone's own notifications (通知) and e-mail preferences, read and marked by
 * the web app (the header's bell polls `unreadCount` with `If-None-Match`: a
 * 304 while nothing changed); administrators see the e-mails that could not be
 * sent, with the reason.
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
});
