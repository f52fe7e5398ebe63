import { defineService, ServiceClient } from '@webitr/platform';
import { approvalService } from './clients/approval.ts';
import type { Approvals } from './clients/approval.ts';
import { attendanceService } from './clients/attendance.ts';
import type { Attendance } from './clients/attendance.ts';
import { directoryPeople } from './clients/directory.ts';
import type { People } from './clients/directory.ts';
import { configSchema } from './config.ts';
import type { NotificationContext } from './context.ts';
import { MailQueue } from './mail/queue.ts';
import { smtpTransport } from './mail/transport.ts';
import type { MailTransport } from './mail/transport.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { announcementModel } from './models/announcement.ts';
import { digestRunModel } from './models/digest-run.ts';
import { formFactsModel } from './models/form-facts.ts';
import { notificationModel } from './models/notification.ts';
import { preferencesModel } from './models/preferences.ts';
import { operations, routes } from './routes/index.ts';
import * as sendDailyDigests from './usecases/send-daily-digests/index.ts';
import * as sendDueMail from './usecases/send-due-mail/index.ts';

/** What tests may put in place of the real thing. */
export interface NotificationOptions {
  people?: People;
  approvals?: Approvals;
  attendance?: Attendance;
  transport?: MailTransport;
}

/**
 * The notification service, declared: models, the mail queue, the consumer
 * of the events that trigger notifications, the retry job, HTTP; the
 * platform starts and stops them in order. main.ts runs it; the integration
 * tests start it.
 */
export const notification = defineService({
  name: 'notification',
  configSchema,
  models: (mongo) => ({
    notifications: notificationModel(mongo),
    preferences: preferencesModel(mongo),
    forms: formFactsModel(mongo),
    digestRuns: digestRunModel(mongo),
    announcements: announcementModel(mongo),
  }),
  context: ({ config, runtime, models, clock, logger }, options: NotificationOptions): NotificationContext => {
    const people =
      options.people ??
      directoryPeople(new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }));
    const approvals =
      options.approvals ??
      approvalService(new ServiceClient({ baseUrl: config.APPROVAL_URL, audience: 'approval', signer: runtime.signer }));
    const attendance =
      options.attendance ??
      attendanceService(
        new ServiceClient({ baseUrl: config.PUNCH_CARD_INGEST_URL, audience: 'punch-card-ingest', signer: runtime.signer }),
      );
    const transport =
      options.transport ??
      smtpTransport({
        url: config.SMTP_URL,
        from: config.MAIL_FROM,
        timeoutMs: config.MAIL_TIMEOUT_MS,
        connections: config.MAIL_CONCURRENCY,
      });
    // Longer than an attempt can take, so the retry job never takes a mail this process is still sending.
    const mailLeaseMs = Math.max(60_000, 3 * config.MAIL_TIMEOUT_MS);
    const mail = new MailQueue({
      transport,
      notifications: models.notifications,
      clock,
      logger,
      perSecond: config.MAIL_RATE_PER_SECOND,
      concurrency: config.MAIL_CONCURRENCY,
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
      retryBaseMs: config.MAIL_RETRY_BASE_MS,
      leaseMs: mailLeaseMs,
    });
    // After the consumer and the jobs have stopped: let the attempts under way finish, then close the pool.
    runtime.lifecycle.onShutdown('flush', 'mail', async () => {
      await mail.idle();
      mail.close();
    });
    const portals = config.NOTIFICATION_PORTALS;
    return {
      ...models,
      people,
      approvals,
      attendance,
      mail,
      mailLeaseMs,
      links: { publicUrl: config.PUBLIC_URL, portalOf: (agencyId) => portals[agencyId] ?? config.NOTIFICATION_DEFAULT_PORTAL },
      clock,
      logger,
    };
  },
  subscriptions,
  jobs: (ctx, config) => [
    {
      name: 'mail-retries',
      everyMs: config.MAIL_RETRY_INTERVAL_MS,
      run: () => sendDueMail.execute(ctx),
      failure: 'could not look for mail due again; will retry',
    },
    {
      name: 'daily-digest',
      everyMs: config.DIGEST_CHECK_INTERVAL_MS,
      run: () => sendDailyDigests.executeIfDue(ctx, config.DIGEST_TIME),
      failure: 'could not send the daily digests; will retry',
    },
  ],
  routes: (ctx) => ({ mount: (app) => app.use(routes(ctx)), operations: Object.values(operations) }),
});

export const { start, main } = notification;
