import { ConflictError, NotFoundError } from '@webitr/platform';
import type { Actor, LeaveContext } from '../../context.ts';

/**
 * Delete one of my uploads that no form holds. Another person's file is 404,
 * as if it did not exist (its existence is not theirs to learn); one of mine
 * on a form is 409 — it goes with the form.
 */
export async function execute(ctx: LeaveContext, actor: Actor, attachmentId: string): Promise<void> {
  if (await ctx.attachments.removeUnattached(attachmentId, actor.sub)) return;
  const [file] = await ctx.attachments.find([attachmentId]);
  if (file && file.ownerId === actor.sub && file.formId)
    throw new ConflictError({ code: 'ATTACHMENT_IN_USE', detail: `附件「${file.filename}」已用於表單，請由表單修改或撤回` });
  throw new NotFoundError({ code: 'ATTACHMENT_NOT_FOUND', detail: '查無此附件' });
}
