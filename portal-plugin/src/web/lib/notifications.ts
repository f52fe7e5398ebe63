// The notification service's answers (services/notification, behind the
// gateway at /api/notifications) as the bell and 通知 page use them, and the
// few words both need. Kept small: the bell is in the initial bundle.

/** GET /api/notifications/me/unread-count. */
export interface UnreadCount {
  unread: number;
  latestId: string | null;
}

/** One of GET /api/notifications/me's items. */
export interface NotificationItem {
  id: string;
  category: string;
  title: string;
  body: string;
  /** A path in this app: /leave/requests/<formId>, /deputy/cases?form=<formId> or /approvals/<caseId>. */
  link: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  items: NotificationItem[];
  page: number;
  hasMore: boolean;
  unread: number;
}

/** GET/PUT /api/notifications/me/preferences: which categories also come by e-mail (in-app is always on). */
export interface NotificationPreferences {
  email: Record<string, boolean>;
  categories: { category: string; label: string }[];
}

/** Every notification query starts with this: one invalidation after a mark-read refreshes the bell and the list. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const UNREAD_KEY = [...NOTIFICATIONS_KEY, 'unread'] as const;

/** The badge on the bell: nothing at 0, `99+` beyond 99 (the header has room for three characters). */
export function badgeText(unread: number): string {
  if (!(unread > 0)) return '';
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

/** The bell's accessible name: 「通知，3 則未讀」, 「通知，沒有未讀」 (the exact count, not the badge's cap). */
export function bellLabel(unread: number | undefined): string {
  if (unread === undefined) return '通知';
  return unread > 0 ? `通知，${unread} 則未讀` : '通知，沒有未讀';
}
