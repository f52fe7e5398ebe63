import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { ApprovalContext } from '../context.ts';
import * as closeCases from '../usecases/close-cases/index.ts';
import * as followDeputy from '../usecases/follow-deputy/index.ts';
import * as openCase from '../usecases/open-case/index.ts';

/** Every event the approval service listens to, in one place. */
export function subscriptions(ctx: ApprovalContext): Subscription[] {
  return [
    subscribe('leave.request.approval-requested', async ({ id, payload }) => {
      await openCase.execute(ctx, { ...payload, subject: 'request' }, id);
    }),
    subscribe('leave.request.cancel-requested', async ({ id, payload }) => {
      await openCase.execute(ctx, { ...payload, subject: 'cancellation' }, id);
    }),
    // A form modified while in approval: its round stops at once, whether or not the new one reaches approval.
    subscribe('leave.request.modified', async ({ payload }) => {
      await closeCases.supersede(ctx, { ...payload, subject: 'request' });
    }),
    subscribe('leave.request.withdrawn', async ({ payload }) => {
      await closeCases.withdraw(ctx, payload.formId, payload.applicantId);
    }),
    subscribe('leave.request.cancelled', async ({ payload }) => {
      await closeCases.markCancelled(ctx, payload.formId);
    }),
    // 代理移轉: who stands in for an applicant on approved leave (代理批核).
    subscribe('leave.request.deputy-transferred', async ({ payload }) => {
      await followDeputy.transferred(ctx, payload);
    }),
    subscribe('leave.request.deputy-consented', async ({ payload }) => {
      await followDeputy.consented(ctx, payload);
    }),
    subscribe('leave.request.deputy-declined', async ({ payload }) => {
      await followDeputy.declined(ctx, payload);
    }),
  ];
}
