import { defineService, ServiceClient } from '@webitr/platform';
import { directoryOrganisation } from './clients/directory.ts';
import { configSchema } from './config.ts';
import type { ApprovalContext } from './context.ts';
import { subscriptions } from './messaging/subscriptions.ts';
import { approvalCaseModel } from './models/approval-case.ts';
import { flowModels } from './models/flow-config.ts';
import { formRoundModel } from './models/form-round.ts';
import { operations, routes } from './routes/index.ts';
import { internalRoutes } from './routes/internal.ts';
import * as remindOverdue from './usecases/remind-overdue/index.ts';
import * as seedDemo from './usecases/seed-demo/index.ts';

/**
 * The approval service, declared: models, outbox relay, the demo flows,
 * consumer, the reminders job, HTTP; the platform starts and stops them in
 * order. main.ts runs it; the integration tests start it.
 */
export const approval = defineService({
  name: 'approval',
  configSchema,
  models: (mongo) => ({ cases: approvalCaseModel(mongo), flows: flowModels(mongo), rounds: formRoundModel(mongo) }),
  relayModels: (models) => [models.cases],
  context: ({ config, runtime, models, relay, clock, logger }): ApprovalContext => {
    const directory = directoryOrganisation(
      new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer }),
    );
    return { ...models, org: directory, person: directory.person, relay, logger, clock };
  },
  seed: (ctx, config) => {
    if (config.APPROVAL_SEED_DEMO) seedDemoInBackground(ctx);
  },
  subscriptions,
  jobs: (ctx, config) => [
    {
      name: 'reminders',
      everyMs: config.APPROVAL_REMINDER_INTERVAL_MS,
      run: () => remindOverdue.execute(ctx, { afterWorkingHours: config.APPROVAL_REMINDER_AFTER_WORKING_HOURS }),
      failure: 'reminder run failed; will retry',
    },
  ],
  routes: (ctx) => ({ mount: (app) => app.use(internalRoutes(ctx), routes(ctx)), operations: Object.values(operations) }),
});

export const { start, main } = approval;

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
