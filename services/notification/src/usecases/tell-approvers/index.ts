import { z } from 'zod';
import { formKindSchema } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { deliver, formSummary, nameOf } from '../shared/deliver.ts';

const step = {
  eventId: z.string().min(1),
  caseId: z.string().min(1),
  formId: z.string().min(1),
  kind: formKindSchema,
  applicantId: z.string().min(1),
  stepLabel: z.string().min(1),
  approverIds: z.array(z.string().min(1)).min(1),
};

/** A step's approvers: it is their turn (`approval.step.started`), or it has waited too long (`approval.step.overdue`). */
export const command = z.discriminatedUnion('trigger', [
  z.object({ trigger: z.literal('turn'), ...step, subject: z.enum(['request', 'cancellation']) }),
  z.object({
    trigger: z.literal('overdue'),
    ...step,
    waitingMinutes: z.number().int().nonnegative(),
    onBehalfOf: z.record(z.string(), z.string()).optional(),
  }),
]);
export type Command = z.infer<typeof command>;

/** Tell each approver of the step (a stand-in deputy, whom they act for). */
export async function execute(ctx: NotificationContext, command: Command): Promise<string[]> {
  const summary = await formSummary(ctx, command.formId, command);
  const applicantName = await nameOf(ctx, command.applicantId);
  const base = { eventId: command.eventId, recipientIds: command.approverIds, caseId: command.caseId };
  if (command.trigger === 'turn') {
    const { subject, stepLabel } = command;
    return deliver(ctx, {
      ...base,
      eventType: 'approval.step.started',
      message: () => ({ type: 'approval-turn', applicantName, form: summary, subject, stepLabel }),
    });
  }
  const onBehalfOf = command.onBehalfOf ?? {};
  const absentNames = new Map<string, string>();
  for (const [deputyId, approverId] of Object.entries(onBehalfOf)) absentNames.set(deputyId, await nameOf(ctx, approverId));
  return deliver(ctx, {
    ...base,
    eventType: 'approval.step.overdue',
    message: (recipientId) => {
      const onBehalfOfName = absentNames.get(recipientId);
      return {
        type: 'approval-overdue',
        applicantName,
        form: summary,
        stepLabel: command.stepLabel,
        waitingMinutes: command.waitingMinutes,
        ...(onBehalfOfName ? { onBehalfOfName } : {}),
      };
    },
  });
}
