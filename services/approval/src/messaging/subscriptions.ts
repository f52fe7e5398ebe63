import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { ApprovalContext } from '../context.ts';
import * as closeCases from '../usecases/close-cases/index.ts';
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
    subscribe('leave.request.withdrawn', async ({ payload }) => {
      await closeCases.withdraw(ctx, payload.formId, payload.applicantId);
    }),
    subscribe('leave.request.cancelled', async ({ payload }) => {
      await closeCases.markCancelled(ctx, payload.formId);
    }),
  ];
}
