import { z } from 'zod';
import { formKindSchema } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import type { Message } from '../../domain/templates.ts';
import { deliver, formSummary, nameOf } from '../shared/deliver.ts';

/** What happened to an applicant's form, from the leave service's events. */
export const command = z.object({
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  formId: z.string().min(1),
  kind: formKindSchema,
  applicantId: z.string().min(1),
  outcome: z.enum(['deputy-consented', 'deputy-declined', 'approved', 'rejected', 'returned', 'cancelled', 'cancel-rejected']),
  deputyId: z.string().optional(),
  reason: z.string().optional(),
});
export type Command = z.infer<typeof command>;

/** Tell the applicant: consent given or declined, 決行, rejected or returned with the reason, cancellation decided. */
export async function execute(ctx: NotificationContext, command: Command): Promise<string[]> {
  const form = await formSummary(ctx, command.formId, command);
  const reason = command.reason ?? '';
  let message: Message;
  switch (command.outcome) {
    case 'deputy-consented':
      message = { type: 'deputy-consented', deputyName: await nameOf(ctx, command.deputyId ?? ''), form };
      break;
    case 'deputy-declined':
      message = { type: 'deputy-declined', deputyName: await nameOf(ctx, command.deputyId ?? ''), reason: command.reason, form };
      break;
    case 'approved':
    case 'cancelled':
      message = { type: command.outcome, form };
      break;
    case 'rejected':
    case 'returned':
    case 'cancel-rejected':
      message = { type: command.outcome, reason, form };
      break;
  }
  return deliver(ctx, {
    eventId: command.eventId,
    eventType: command.eventType,
    recipientIds: [command.applicantId],
    message: () => message,
  });
}
