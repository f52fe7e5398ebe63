import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import { checkAttachment } from '../../domain/attachments.ts';
import type { Actor, LeaveContext } from '../shared/context.ts';
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
