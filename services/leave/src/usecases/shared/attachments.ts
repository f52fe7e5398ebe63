import { checkTotal } from '../../domain/attachments.ts';
import { invalid } from '../../domain/errors.ts';
import type { AttachmentRef } from '../../models/form.ts';
import type { Actor, LeaveContext } from '../../context.ts';

/**
 * The attachments a form names: uploaded by the applicant or whoever files for
 * them, not used by another form, and within the total the agency allows.
 */
export async function attachmentsFor(
  ctx: LeaveContext,
  actor: Actor,
  applicantId: string,
  ids: readonly string[],
  maxTotalBytes: number,
  formId?: string,
): Promise<AttachmentRef[]> {
  const unique = [...new Set(ids)];
  const found = await ctx.attachments.find(unique);
  for (const id of unique) {
    const file = found.find((f) => f.id === id);
    if (!file || (file.ownerId !== actor.sub && file.ownerId !== applicantId)) {
      throw invalid('ATTACHMENT_NOT_FOUND', 'body.attachmentIds', '附件', `查無附件 ${id} (請先上傳)`);
    }
    if (file.formId && file.formId !== formId)
      throw invalid('ATTACHMENT_IN_USE', 'body.attachmentIds', '附件', `附件「${file.filename}」已用於其他表單`);
  }
  checkTotal(
    found.map((f) => f.size),
    maxTotalBytes,
  );
  return unique.map((id) => {
    const f = found.find((x) => x.id === id)!;
    return { id: f.id, filename: f.filename, contentType: f.contentType, size: f.size };
  });
}
