import { subscribe } from '@webitr/platform';
import type { Subscription } from '@webitr/platform';
import type { NotificationContext } from '../context.ts';
import * as askDeputy from '../usecases/ask-deputy/index.ts';
import * as rememberForm from '../usecases/remember-form/index.ts';
import * as tellApplicant from '../usecases/tell-applicant/index.ts';
import * as tellApprovers from '../usecases/tell-approvers/index.ts';

/**
 * Every event the notification service listens to, in one place. The
 * platform's inbox drops an event it has processed; a notification's id
 * (event id and recipient) keeps one that comes again after a crash from
 * being sent twice.
 */
export function subscriptions(ctx: NotificationContext): Subscription[] {
  const ref = (p: { formId: string; kind: tellApplicant.Command['kind']; applicantId: string }) => ({
    formId: p.formId,
    kind: p.kind,
    applicantId: p.applicantId,
  });
  return [
    subscribe('leave.request.submitted', async ({ id, payload }) => {
      await rememberForm.execute(ctx, { ...ref(payload), start: payload.start, end: payload.end });
      if (payload.deputyId && payload.status === 'waiting-for-deputy')
        await askDeputy.execute(ctx, {
          trigger: 'submitted',
          eventId: id,
          ...ref(payload),
          start: payload.start,
          end: payload.end,
          deputyId: payload.deputyId,
        });
    }),
    // A form that needs no deputy goes for approval at once; a modified one comes here again with its new period.
    subscribe('leave.request.approval-requested', async ({ payload }) => {
      await rememberForm.execute(ctx, { ...ref(payload), start: payload.start, end: payload.end });
    }),
    subscribe('leave.request.deputy-transferred', async ({ id, payload }) => {
      await askDeputy.execute(ctx, { trigger: 'transferred', eventId: id, ...ref(payload), ...payload });
    }),
    subscribe('approval.step.started', async ({ id, payload }) => {
      await tellApprovers.execute(ctx, { trigger: 'turn', eventId: id, ...payload });
    }),
    subscribe('approval.step.overdue', async ({ id, payload }) => {
      await tellApprovers.execute(ctx, { trigger: 'overdue', eventId: id, ...payload });
    }),
    ...(
      [
        ['leave.request.deputy-consented', 'deputy-consented'],
        ['leave.request.deputy-declined', 'deputy-declined'],
        ['leave.request.approved', 'approved'],
        ['leave.request.rejected', 'rejected'],
        ['leave.request.returned', 'returned'],
        ['leave.request.cancelled', 'cancelled'],
        ['leave.request.cancel-rejected', 'cancel-rejected'],
      ] as const
    ).map(([type, outcome]) =>
      subscribe(type, async ({ id, payload }) => {
        // A deputy's decline also returns the form: the applicant hears of it once, from the decline.
        if (type === 'leave.request.returned' && 'by' in payload && payload.by === 'deputy') return;
        await tellApplicant.execute(ctx, {
          eventId: id,
          eventType: type,
          ...ref(payload),
          outcome,
          ...('deputyId' in payload && payload.deputyId ? { deputyId: payload.deputyId } : {}),
          ...('reason' in payload && payload.reason ? { reason: payload.reason } : {}),
        });
      }),
    ),
  ];
}
