import type { LeaveContext } from '../../context.ts';

/**
 * The periodic clean-up: uploads no form took within `maxAgeMs` (24 hours by
 * default) are deleted. A file a form holds is never touched (the delete is
 * conditional on it being unclaimed, see AttachmentStore.removeUnattached).
 */
export async function execute(ctx: LeaveContext, maxAgeMs: number): Promise<{ expired: number }> {
  const ids = await ctx.attachments.unattachedBefore(new Date(ctx.clock().getTime() - maxAgeMs));
  let expired = 0;
  for (const id of ids) if (await ctx.attachments.removeUnattached(id)) expired += 1;
  if (expired) ctx.logger.info({ expired }, 'expired attachments no form took');
  return { expired };
}
