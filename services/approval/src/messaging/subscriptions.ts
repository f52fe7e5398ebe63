import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { ApprovalContext } from '../context.ts';
import * as markCancelled from '../usecases/mark-cancelled/index.ts';
import * as openCase from '../usecases/open-case/index.ts';
import * as recordDeputyConsent from '../usecases/record-deputy-consent/index.ts';
import * as recordDeputyDecline from '../usecases/record-deputy-decline/index.ts';
import * as recordDeputyTransfer from '../usecases/record-deputy-transfer/index.ts';
import * as recordRecalculation from '../usecases/record-recalculation/index.ts';
import * as supersedeRounds from '../usecases/supersede-rounds/index.ts';
import * as withdrawCase from '../usecases/withdraw-case/index.ts';

/** Every event the approval service listens to, in one place. */
export function subscriptions(ctx: ApprovalContext): Subscription[] {
  return [
    subscribe('leave.request.approval-requested', async ({ id, payload }) => {
      await openCase.execute(ctx, { ...payload, subject: 'request', requestEventId: id });
    }),
    subscribe('leave.request.cancel-requested', async ({ id, payload }) => {
      await openCase.execute(ctx, { ...payload, subject: 'cancellation', requestEventId: id });
    }),
    // A form modified while in approval: its round stops at once, whether or not the new one reaches approval.
    subscribe('leave.request.modified', async ({ payload }) => {
      await supersedeRounds.execute(ctx, payload);
    }),
    subscribe('leave.request.withdrawn', async ({ payload }) => {
      await withdrawCase.execute(ctx, payload);
    }),
    subscribe('leave.request.cancelled', async ({ payload }) => {
      await markCancelled.execute(ctx, payload);
    }),
    // 代理移轉: who stands in for an applicant on approved leave (代理批核).
    subscribe('leave.request.deputy-transferred', async ({ payload }) => {
      await recordDeputyTransfer.execute(ctx, payload);
    }),
    subscribe('leave.request.deputy-consented', async ({ payload }) => {
      await recordDeputyConsent.execute(ctx, payload);
    }),
    subscribe('leave.request.deputy-declined', async ({ payload }) => {
      await recordDeputyDecline.execute(ctx, payload);
    }),
    // The calendar changed inside a form: its open cases show the counted time measured again.
    subscribe('leave.request.recalculated', async ({ payload }) => {
      await recordRecalculation.execute(ctx, payload);
    }),
  ];
}
