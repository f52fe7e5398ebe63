import { defineService, ServiceClient } from '@webitr/platform';
import { directoryPeople } from './clients/directory.ts';
import type { People } from './clients/directory.ts';
import { configSchema } from './config.ts';
import type { NotificationContext } from './context.ts';
import { MailQueue } from './mail/queue.ts';
import { smtpTransport } from './mail/transport.ts';
import type { MailTransport } from './mail/transport.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { formFactsModel } from './models/form-facts.ts';
import { notificationModel } from './models/notification.ts';
import { preferencesModel } from './models/preferences.ts';
import { operations, routes } from './routes/index.ts';
import * as sendDueMail from './usecases/send-due-mail/index.ts';

/** What tests may put in place of the real thing. */
export interface NotificationOptions {
  people?: People;
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
  models: (mongo) => ({ notifications: notificationModel(mongo), preferences: preferencesModel(mongo), forms: formFactsModel(mongo) }),
  context: ({ config, runtime, models, clock, logger }, options: NotificationOptions): NotificationContext => {
    const people =
      options.people ??
      directoryPeople(new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }));
    const transport =
      options.transport ??
      smtpTransport({
        url: config.SMTP_URL,
        from: config.MAIL_FROM,
        timeoutMs: config.MAIL_TIMEOUT_MS,
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
  ],
  routes: (ctx) => ({ mount: (app) => app.use(routes(ctx)), operations: Object.values(operations) }),
});

export const { start, main } = notification;
