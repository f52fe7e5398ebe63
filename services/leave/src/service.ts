import { createApiClient, directoryInternalApi } from '@webitr/contracts';
import { defineService, ServiceClient } from '@webitr/platform';
import type { StartOptions } from '@webitr/platform';
import { approvalRoutes } from './clients/approval.ts';
import type { ApprovalRoutes } from './clients/approval.ts';
import { CachedDirectoryPeople } from './clients/people.ts';
import type { DirectoryReader } from './clients/people.ts';
import { configSchema } from './config.ts';
import type { LeaveContext } from './context.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { registerModels } from './models/index.ts';
import { mountRoutes } from './routes/index.ts';
import { operations } from './routes/operations.ts';
import * as expireAttachments from './usecases/expire-attachments/index.ts';
import * as reconcileBalances from './usecases/reconcile-balances/index.ts';
import { AttachmentStore } from './usecases/shared/attachment-store.ts';
import { FilingGate } from './usecases/shared/filing-gate.ts';
import { finishPendingRecalculations, seedNationalCalendars } from './usecases/shared/national-calendar.ts';

/** What tests may put in place of the other services. */
export interface LeaveReplacements {
  /** Defaults to the directory's internal API at DIRECTORY_URL. */
  directory?: DirectoryReader;
  /** Defaults to the approval service's internal API at APPROVAL_URL. */
  approval?: ApprovalRoutes;
}

export type LeaveServiceOptions = StartOptions & LeaveReplacements;

/**
 * The leave service, declared: models, outbox relay, the shipped national
 * calendars, consumer, the reconciliation and attachment-expiry jobs, HTTP;
 * the platform starts and stops them in order.
 */
export const leave = defineService({
  name: 'leave',
  configSchema,
  models: registerModels,
  relayModels: (models) => [models.forms, models.balances, models.policies, models.calendar],
  context: ({ config, runtime, models, relay, clock, logger }, options: LeaveReplacements): LeaveContext => {
    const directory =
      options.directory ??
      createApiClient(
        directoryInternalApi,
        new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }),
      );
    return {
      models,
      // A quote waits on the route at most 2 s; without it the quote still answers.
      approval:
        options.approval ??
        approvalRoutes(new ServiceClient({ baseUrl: config.APPROVAL_URL, audience: 'approval', signer: runtime.signer, timeoutMs: 2_000 })),
      people: new CachedDirectoryPeople({ model: models.people, directory, ttlMs: config.PERSON_CACHE_TTL_MS, logger, now: clock }),
      redis: runtime.redis,
      attachments: new AttachmentStore(runtime.mongo),
      filings: new FilingGate({ concurrency: config.FILING_CONCURRENCY, waiting: config.FILING_WAITING }),
      clock,
      kick: () => relay.kick(),
      logger,
    };
  },
  // The shipped national calendars (政府行政機關辦公日曆表) before the first request is served.
  seed: (ctx) => seedNationalCalendars(ctx),
  subscriptions,
  jobs: (ctx, config) => [
    {
      name: 'reconcile',
      everyMs: config.RECONCILE_INTERVAL_MS,
      run: () => reconcileBalances.execute(ctx).then(() => finishPendingRecalculations(ctx)),
      failure: 'balance reconciliation failed; will retry',
    },
    {
      name: 'attachment-expiry',
      everyMs: config.ATTACHMENT_EXPIRY_INTERVAL_MS,
      run: () => expireAttachments.execute(ctx, config.UNATTACHED_ATTACHMENT_TTL_MS),
      failure: 'attachment expiry failed; will retry',
    },
  ],
  routes: (ctx) => ({ mount: (app) => mountRoutes(app, ctx), operations }),
});

export const { start, main } = leave;
