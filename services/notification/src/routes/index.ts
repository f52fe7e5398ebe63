import { z } from 'zod';
import type { Router } from 'express';
import { createRouter, mountOperation, personOf } from '@webitr/platform';
import { notificationRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { NotificationContext } from '../context.ts';
import * as countUnread from '../usecases/count-unread/index.ts';
import * as getPreferences from '../usecases/get-preferences/index.ts';
import * as listAnnouncements from '../usecases/list-announcements/index.ts';
import * as listCurrentAnnouncements from '../usecases/list-current-announcements/index.ts';
import * as listFailedMail from '../usecases/list-failed-mail/index.ts';
import * as listNotifications from '../usecases/list-notifications/index.ts';
import * as markAllRead from '../usecases/mark-all-read/index.ts';
import * as markRead from '../usecases/mark-read/index.ts';
import * as postAnnouncement from '../usecases/post-announcement/index.ts';
import * as retryFailedMail from '../usecases/retry-failed-mail/index.ts';
import * as savePreferences from '../usecases/save-preferences/index.ts';
import * as withdrawAnnouncement from '../usecases/withdraw-announcement/index.ts';

const notificationParams = z.object({ notificationId: z.string().min(1).max(200) });

export const operations = {
  listMine: {
    ...notificationRoutes.listMine,
    summary: '我的通知: newest first, a page at a time, with the unread count',
    query: listNotifications.query,
  },
  unreadCount: {
    ...notificationRoutes.unreadCount,
    summary: "The header bell's unread count and newest id (poll with If-None-Match: 304 while unchanged)",
  },
  markRead: {
    ...notificationRoutes.markRead,
    summary: 'Mark one of my notifications read',
    params: notificationParams,
    response: { status: 204, description: 'read' },
  },
  markAllRead: { ...notificationRoutes.markAllRead, summary: 'Mark all my notifications read' },
  getPreferences: { ...notificationRoutes.getPreferences, summary: 'Which categories come to me by e-mail (in-app: always)' },
  savePreferences: {
    ...notificationRoutes.savePreferences,
    summary: 'Choose which categories come by e-mail',
    body: savePreferences.command,
  },
  listFailed: {
    ...notificationRoutes.listFailed,
    summary: 'Mails not sent after the last attempt, with the reason (agency or system administrators)',
    query: listFailedMail.query,
  },
  retryFailed: {
    ...notificationRoutes.retryFailed,
    summary: 'Send a failed mail again (agency or system administrators)',
    params: notificationParams,
    response: { status: 202, description: 'queued' },
  },
  currentAnnouncements: {
    ...notificationRoutes.currentAnnouncements,
    summary: "首頁's 人事公告: my agency's announcements whose dates hold today, for the whole agency or a unit I am in",
  },
  listAnnouncements: {
    ...notificationRoutes.listAnnouncements,
    summary: '人事公告欄: every announcement of an agency not withdrawn (its 差勤管理者 and administrators)',
    query: listAnnouncements.query,
  },
  postAnnouncement: {
    ...notificationRoutes.postAnnouncement,
    summary: '新增公告 (差勤管理者, 機關管理員)',
    body: postAnnouncement.command,
    response: { status: 201, description: 'posted' },
  },
  withdrawAnnouncement: {
    ...notificationRoutes.withdrawAnnouncement,
    summary: '刪除公告: off 首頁 at once, kept as withdrawn',
    params: withdrawAnnouncement.command,
    response: { status: 204, description: 'withdrawn' },
  },
} as const satisfies Record<string, Operation>;

/** The notification API, behind the gateway at /api/notifications; every handler knows who is asking (personOf). */
export function routes(ctx: NotificationContext): Router {
  const router = createRouter();
  const ops = operations;
  mountOperation(router, ops.listMine, ({ query, res }) => listNotifications.execute(ctx, personOf(res), query));
  mountOperation(router, ops.unreadCount, ({ res }) => {
    // The browser keeps the answer and asks again with its ETag each time (304 while nothing changed); never shared.
    res.setHeader('Cache-Control', 'private, no-cache');
    return countUnread.execute(ctx, personOf(res));
  });
  mountOperation(router, ops.markRead, async ({ params, res }) => {
    await markRead.execute(ctx, personOf(res), params);
  });
  mountOperation(router, ops.markAllRead, ({ res }) => markAllRead.execute(ctx, personOf(res)));
  mountOperation(router, ops.getPreferences, ({ res }) => getPreferences.execute(ctx, personOf(res)));
  mountOperation(router, ops.savePreferences, ({ body, res }) => savePreferences.execute(ctx, personOf(res), body));
  mountOperation(router, ops.listFailed, ({ query, res }) => listFailedMail.execute(ctx, personOf(res), query));
  mountOperation(router, ops.retryFailed, async ({ params, res }) => {
    await retryFailedMail.execute(ctx, personOf(res), params);
    return { queued: true };
  });
  mountOperation(router, ops.currentAnnouncements, ({ res }) => listCurrentAnnouncements.execute(ctx, personOf(res)));
  mountOperation(router, ops.listAnnouncements, ({ query, res }) => listAnnouncements.execute(ctx, personOf(res), query));
  mountOperation(router, ops.postAnnouncement, ({ body, res }) => postAnnouncement.execute(ctx, personOf(res), body));
  mountOperation(router, ops.withdrawAnnouncement, async ({ params, res }) => {
    await withdrawAnnouncement.execute(ctx, personOf(res), params);
  });
  return router;
}
