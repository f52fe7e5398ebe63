import { ServiceClient, ServiceRuntime } from '@webitr/platform';
import type { RunningServer } from '@webitr/platform';
import { CachedDirectoryPeople, DirectoryHttpReader } from './adapters/directory-people.ts';
import type { Config } from './config.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { registerModels } from './models/index.ts';
import type { ApprovalRoutes } from './ports/approval.ts';
import type { DirectoryReader } from './ports/people.ts';
import { ApprovalHttpRoutes } from './adapters/approval-routes.ts';
import { mountRoutes } from './routes/index.ts';
import { operations } from './routes/operations.ts';
import { finishPendingRecalculations, seedNationalCalendars } from './usecases/manage-calendar/national.ts';
import { reconcileBalances } from './usecases/reconcile-balances/index.ts';
import { AttachmentStore } from './usecases/shared/attachment-store.ts';
import { expireUnattached } from './usecases/upload-attachment/index.ts';
import type { LeaveContext } from './usecases/shared/context.ts';

export interface LeaveServiceOptions {
  /** Tests fix the time. */
  clock?: () => Date;
  /** Defaults to the directory's internal API at DIRECTORY_URL. */
  directory?: DirectoryReader;
  /** Defaults to the approval service's internal API at APPROVAL_URL. */
  approval?: ApprovalRoutes;
}

/** Connections, models, outbox relay, consumer, HTTP: the leave service assembled. */
export async function startLeaveService(config: Config, options: LeaveServiceOptions = {}): Promise<{ runtime: ServiceRuntime<Config>; ctx: LeaveContext; http: RunningServer }> {
  const runtime = await ServiceRuntime.start('leave', config);
  const models = registerModels(runtime.mongo);
  await runtime.ensureIndexes();
  const relay = runtime.startOutboxRelay([models.forms, models.balances, models.policies]);
  const clock = options.clock ?? (() => new Date());
  const directory = options.directory ?? new DirectoryHttpReader(new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }));
  const ctx: LeaveContext = {
    models,
    // A quote waits on the route at most 2 s; without it the quote still answers.
    approval: options.approval ?? new ApprovalHttpRoutes(new ServiceClient({ baseUrl: config.APPROVAL_URL, audience: 'approval', signer: runtime.signer, timeoutMs: 2_000 })),
    people: new CachedDirectoryPeople({ model: models.people, directory, ttlMs: config.PERSON_CACHE_TTL_MS, logger: runtime.logger, now: clock }),
    redis: runtime.redis,
    attachments: new AttachmentStore(runtime.mongo),
    clock,
    kick: () => relay.kick(),
    logger: runtime.logger,
  };
  // The shipped national calendars (政府行政機關辦公日曆表) before the first request is served.
  await seedNationalCalendars(ctx);
  await runtime.startConsumer(subscriptions(ctx));
  const http = await runtime.serve({ routes: (app) => mountRoutes(app, ctx), operations });
  const reconcile = setInterval(() => {
    reconcileBalances(ctx)
      .then(() => finishPendingRecalculations(ctx))
      .catch((err: unknown) => runtime.logger.warn({ err }, 'balance reconciliation failed; will retry'));
  }, config.RECONCILE_INTERVAL_MS);
  reconcile.unref();
  runtime.lifecycle.onShutdown('stop-accepting', 'reconcile', () => clearInterval(reconcile));
  const expire = setInterval(() => {
    expireUnattached(ctx, config.UNATTACHED_ATTACHMENT_TTL_MS).catch((err: unknown) => runtime.logger.warn({ err }, 'attachment expiry failed; will retry'));
  }, config.ATTACHMENT_EXPIRY_INTERVAL_MS);
  expire.unref();
  runtime.lifecycle.onShutdown('stop-accepting', 'attachment-expiry', () => clearInterval(expire));
  return { runtime, ctx, http };
}
