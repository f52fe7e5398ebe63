import type { UnattachedAttachmentsView } from '@webitr/contracts';
import type { Actor, LeaveContext } from '../../context.ts';

/** 附件 uploaded and not yet on a form: mine only, oldest first (they expire, see expire-attachments). */
export async function execute(ctx: LeaveContext, actor: Actor): Promise<UnattachedAttachmentsView> {
  const files = await ctx.attachments.unattachedOf(actor.sub);
  return {
    items: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.size,
      uploadedAt: f.uploadedAt.toISOString(),
    })),
  };
}
