import { ForbiddenError } from '@webitr/platform';
import type { Actor, LeaveContext } from '../../context.ts';
import { assertCanRead } from '../shared/access.ts';
import { loadForm } from '../shared/forms.ts';

/** A form's attachment, for those who may read the form (its approvers and their stand-ins too). */
export async function execute(ctx: LeaveContext, actor: Actor, formId: string, attachmentId: string) {
  const form = await loadForm(ctx, formId);
  await assertCanRead(ctx, actor, form);
  const ref = form.attachments.find((a) => a.id === attachmentId);
  if (!ref) throw new ForbiddenError({ code: 'ATTACHMENT_NOT_ON_FORM', detail: '此附件不屬於該表單' });
  return { ref, stream: ctx.attachments.open(attachmentId) };
}
