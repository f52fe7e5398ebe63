import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError } from '@webitr/platform';
import { checkAttachment } from '../../domain/attachments.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertCanRead, loadForm } from '../shared/forms.ts';
import { loadPolicy } from '../shared/policies.ts';

export const uploadQuery = z.object({ filename: z.string().min(1).max(100).meta({ title: '檔名' }) });

/** Upload one file (the request body is the file); a form then names it in `attachmentIds`. */
export async function uploadAttachment(ctx: LeaveContext, actor: Actor, filename: string, contentType: string | undefined, content: Buffer) {
  const policy = await loadPolicy(ctx, actor.agencyId);
  const checked = checkAttachment(filename, contentType, content, policy.settings.attachments.maxTotalBytes);
  const stored = await ctx.attachments.put(actor.sub, checked, content, ctx.clock());
  return { id: stored.id, filename: stored.filename, contentType: stored.contentType, size: stored.size };
}

/** A form's attachment, for those who may read the form (its approvers and their stand-ins too). */
export async function openAttachment(ctx: LeaveContext, actor: Actor, formId: string, attachmentId: string) {
  const form = await loadForm(ctx, formId);
  await assertCanRead(ctx, actor, form);
  const ref = form.attachments.find((a) => a.id === attachmentId);
  if (!ref) throw new ForbiddenError({ code: 'ATTACHMENT_NOT_ON_FORM', detail: '此附件不屬於該表單' });
  return { ref, stream: ctx.attachments.open(attachmentId) };
}

/** 附件 uploaded and not yet on a form: mine only, oldest first (they expire, see expireUnattached). */
export async function listUnattached(ctx: LeaveContext, actor: Actor) {
  const files = await ctx.attachments.unattachedOf(actor.sub);
  return { items: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, uploadedAt: f.uploadedAt.toISOString() })) };
}

/**
 * Delete one of my uploads that no form holds. Another person's file is 404,
 * as if it did not exist (its existence is not theirs to learn); one of mine
 * on a form is 409 — it goes with the form.
 */
export async function deleteUnattached(ctx: LeaveContext, actor: Actor, attachmentId: string): Promise<void> {
  if (await ctx.attachments.removeUnattached(attachmentId, actor.sub)) return;
  const [file] = await ctx.attachments.find([attachmentId]);
  if (file && file.ownerId === actor.sub && file.formId) throw new ConflictError({ code: 'ATTACHMENT_IN_USE', detail: `附件「${file.filename}」已用於表單，請由表單修改或撤回` });
  throw new NotFoundError({ code: 'ATTACHMENT_NOT_FOUND', detail: '查無此附件' });
}

/**
 * The periodic clean-up: uploads no form took within `maxAgeMs` (24 hours by
 * default) are deleted. A file a form holds is never touched (the delete is
 * conditional on it being unclaimed, see AttachmentStore.removeUnattached).
 */
export async function expireUnattached(ctx: LeaveContext, maxAgeMs: number): Promise<{ expired: number }> {
  const ids = await ctx.attachments.unattachedBefore(new Date(ctx.clock().getTime() - maxAgeMs));
  let expired = 0;
  for (const id of ids) if (await ctx.attachments.removeUnattached(id)) expired += 1;
  if (expired) ctx.logger.info({ expired }, 'expired attachments no form took');
  return { expired };
}
