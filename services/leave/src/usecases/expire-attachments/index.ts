import type { LeaveContext } from '../../context.ts';

/**
 * The periodic clean-up: uploads no form took within `maxAgeMs` (24 hours by
 * default) are deleted. A file a form holds is never touched: the delete is
 * conditional on it being unclaimed (AttachmentStore.removeUnattached), and a
 * file a form names although its claim was given back (the form was written
 * but its filing was answered as failed, and the claims released) is claimed
 * for that form again instead.
 */
export async function execute(ctx: LeaveContext, maxAgeMs: number): Promise<{ expired: number }> {
  const ids = await ctx.attachments.unattachedBefore(new Date(ctx.clock().getTime() - maxAgeMs));
  let expired = 0;
  for (const id of ids) {
    const holder = await ctx.models.forms.findOne({ 'attachments.id': id }, { _id: 1 }).lean();
    if (holder) {
      await ctx.attachments.claim([id], holder._id, ctx.clock());
      ctx.logger.warn({ attachmentId: id, formId: holder._id }, 'an upload a form names had no claim: claimed it for that form again');
      continue;
    }
    if (await ctx.attachments.removeUnattached(id)) expired += 1;
  }
  if (expired) ctx.logger.info({ expired }, 'expired attachments no form took');
  return { expired };
}
