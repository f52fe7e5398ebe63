import { defineService } from '@webitr/platform';
import { configSchema } from './config.ts';
import type { PunchCardIngestContext } from './context.ts';

/**
 * The punch-card-ingest service, declared: for now only what every service has
 * (connections, readiness, the identity check); its models, subscriptions,
 * jobs and routes come with its domain. main.ts runs it.
 */
export const punchCardIngest = defineService({
  name: 'punch-card-ingest',
  configSchema,
  context: ({ clock, logger }): PunchCardIngestContext => ({ clock, logger }),
});

export const { start, main } = punchCardIngest;
