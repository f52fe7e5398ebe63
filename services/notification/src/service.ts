import { defineService } from '@webitr/platform';
import { configSchema } from './config.ts';
import type { NotificationContext } from './context.ts';

/**
 * The notification service, declared: for now only what every service has
 * (connections, readiness, the identity check); its models, subscriptions,
 * jobs and routes come with its domain. main.ts runs it.
 */
export const notification = defineService({
  name: 'notification',
  configSchema,
  context: ({ clock, logger }): NotificationContext => ({ clock, logger }),
});

export const { start, main } = notification;
