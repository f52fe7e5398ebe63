import { uploadAttachmentQuery } from '@webitr/contracts';
import type { UploadedAttachmentView } from '@webitr/contracts';
import { checkAttachment } from '../../domain/attachments.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { loadPolicy } from '../shared/policies.ts';

export const query = uploadAttachmentQuery;

/** Upload one file (the request body is the file); a form then names it in `attachmentIds`. */
export async function execute(
  ctx: LeaveContext,
  actor: Actor,
  filename: string,
  contentType: string | undefined,
  content: Buffer,
): Promise<UploadedAttachmentView> {
  const policy = await loadPolicy(ctx, actor.agencyId);
  const checked = checkAttachment(filename, contentType, content, policy.settings.attachments.maxTotalBytes);
  const stored = await ctx.attachments.put(actor.sub, checked, content, ctx.clock());
  return { id: stored.id, filename: stored.filename, contentType: stored.contentType, size: stored.size };
}
