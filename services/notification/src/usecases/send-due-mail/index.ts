import type { NotificationContext } from '../../context.ts';

/** The retry job: hand every mail due now to the queue (a failed attempt after its back-off, or one a dead process left). */
export async function execute(ctx: NotificationContext): Promise<number> {
  return ctx.mail.sendDue();
}
