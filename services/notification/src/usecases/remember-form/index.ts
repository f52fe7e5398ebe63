import { z } from 'zod';
import { formKindSchema } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';

/** A form's kind and period, from the leave service's `submitted` or `approval-requested` event. */
export const command = z.object({
  formId: z.string().min(1),
  kind: formKindSchema,
  applicantId: z.string().min(1),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
});
export type Command = z.infer<typeof command>;

/** Remember it for the notifications about the form that follow (their events carry ids only); the newest period wins. */
export async function execute(ctx: NotificationContext, command: Command): Promise<void> {
  await ctx.forms.updateOne(
    { _id: command.formId },
    {
      $set: {
        kind: command.kind,
        applicantId: command.applicantId,
        ...(command.start ? { start: new Date(command.start) } : {}),
        ...(command.end ? { end: new Date(command.end) } : {}),
      },
    },
    { upsert: true },
  );
}
