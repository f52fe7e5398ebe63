import { ServiceClient, ServiceRuntime } from '@webitr/platform';
import type { Config } from './config.ts';
import type { ApprovalContext } from './context.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { approvalCaseModel } from './models/approval-case.ts';
import { flowModels } from './models/flow-config.ts';
import { formRoundModel } from './models/form-round.ts';
import { directoryOrganisation } from './organisation/directory-organisation.ts';
import { operations, routes } from './routes/index.ts';
import { internalRoutes } from './routes/internal.ts';
import * as remindOverdue from './usecases/remind-overdue/index.ts';
import * as seedDemo from './usecases/seed-demo/index.ts';

/** Start the approval service: models, outbox relay, subscriptions, HTTP. Used by main.ts and the integration tests. */
export async function startApprovalService(config: Config, overrides: Partial<Pick<ApprovalContext, 'now'>> = {}) {
  const runtime = await ServiceRuntime.start('approval', config);
  const cases = approvalCaseModel(runtime.mongo);
  const flows = flowModels(runtime.mongo);
  const rounds = formRoundModel(runtime.mongo);
  await runtime.ensureIndexes();
  const relay = runtime.startOutboxRelay([cases]);
  const directory = directoryOrganisation(new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }));
  const ctx: ApprovalContext = { cases, rounds, flows, org: directory, person: directory.person, relay, logger: runtime.logger, now: () => new Date(), ...overrides };
  const consumer = await runtime.startConsumer(subscriptions(ctx));
  if (config.APPROVAL_SEED_DEMO) seedDemoInBackground(ctx);
  const reminders = setInterval(() => {
    remindOverdue.execute(ctx, config.APPROVAL_REMINDER_AFTER_WORKING_HOURS).catch((err: unknown) => ctx.logger.warn({ err }, 'reminder run failed; will retry'));
  }, config.APPROVAL_REMINDER_INTERVAL_MS);
  reminders.unref();
  runtime.lifecycle.onShutdown('stop-accepting', 'reminders', () => clearInterval(reminders));
  const http = await runtime.serve({ routes: (app) => app.use(internalRoutes(ctx), routes(ctx)), operations: Object.values(operations) });
  return { runtime, ctx, consumer, http };
}

/** The demo flows need the directory (seeded by its own process); retry until it answers, without holding up start-up. */
function seedDemoInBackground(ctx: ApprovalContext): void {
  const attempt = (n: number) =>
    seedDemo.execute(ctx).then(
      () => ctx.logger.info('demo flows seeded'),
      (err: unknown) => {
        if (n >= 60) return ctx.logger.error({ err }, 'demo flows not seeded');
        setTimeout(() => attempt(n + 1), 1_000).unref();
      },
    );
  void attempt(1);
}
