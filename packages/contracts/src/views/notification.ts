/**
 * What the notification service's announcement and failed-mail operations
 * answer, as JSON on the wire (types only, like leave's views): the service's
 * view builders declare them, the web app reads them.
 */

/** One announcement (人事公告). Dates are ISO calendar days in Asia/Taipei, both inclusive. */
export interface AnnouncementView {
  id: string;
  agencyId: string;
  title: string;
  /** Plain text; line breaks kept. */
  body: string;
  startDate: string;
  endDate: string;
  /** The units it is for; empty = the whole agency. */
  units: { id: string; name: string }[];
  /** Who posted it (a name for the list; no other personal data). */
  postedBy: { id: string; name: string };
  postedAt: string;
}

export interface AnnouncementList {
  items: AnnouncementView[];
}

/** A mail the service could not send after its last attempt. */
export interface FailedMailItem {
  id: string;
  recipientId: string;
  /** From the directory; absent if it no longer knows the person. */
  recipientName?: string;
  agencyId: string;
  category: string;
  /** 代理通知, 批核通知, 申請結果通知, 每日摘要. */
  categoryLabel: string;
  eventType: string;
  subject: string;
  /** The address masked: `te***@school.edu.tw`. */
  to?: string;
  attempts: number;
  /** The mail server's last answer (or the reason no mail could be made). */
  reason: string;
  createdAt: string;
  failedAt?: string;
}

export interface FailedMailList {
  items: FailedMailItem[];
}
