import { z } from 'zod';
import { formKindSchema } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { deliver, formSummary, nameOf } from '../shared/deliver.ts';

const form = { eventId: z.string().min(1), formId: z.string().min(1), kind: formKindSchema, applicantId: z.string().min(1) };
const period = { start: z.iso.datetime({ offset: true }).optional(), end: z.iso.datetime({ offset: true }).optional() };

/** A deputy asked to consent: named on a submitted form, or handed the duty by another deputy (代理移轉). */
export const command = z.discriminatedUnion('trigger', [
  // The submission's own event carries the period: nothing to look up.
  z.object({ trigger: z.literal('submitted'), ...form, ...period, deputyId: z.string().min(1) }),
  z.object({ trigger: z.literal('transferred'), ...form, fromDeputyId: z.string().min(1), toDeputyId: z.string().min(1) }),
]);
export type Command = z.infer<typeof command>;

/** 「送出表單後，記得通知代理人上網同意」: the system tells the deputy itself, with the form's summary and a deep link. */
export async function execute(ctx: NotificationContext, command: Command): Promise<string[]> {
  const summary =
    command.trigger === 'submitted' && command.start && command.end
      ? { formId: command.formId, kind: command.kind, start: new Date(command.start), end: new Date(command.end) }
      : await formSummary(ctx, command.formId, command);
  const applicantName = await nameOf(ctx, command.applicantId);
  if (command.trigger === 'submitted') {
    return deliver(ctx, {
      eventId: command.eventId,
      eventType: 'leave.request.submitted',
      recipientIds: [command.deputyId],
      message: () => ({ type: 'deputy-asked', applicantName, form: summary }),
    });
  }
  const fromName = await nameOf(ctx, command.fromDeputyId);
  return deliver(ctx, {
    eventId: command.eventId,
    eventType: 'leave.request.deputy-transferred',
    recipientIds: [command.toDeputyId],
    message: () => ({ type: 'deputy-transferred', applicantName, fromName, form: summary }),
  });
}
