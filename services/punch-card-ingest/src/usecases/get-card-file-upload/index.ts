import { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';

export const query = z.object({
  /** Refused lines after this line number (paging). */
  after: z.coerce.number().int().min(0).default(0).meta({ title: '起始列' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200).meta({ title: '筆數' }),
});

/** An upload's report: its counts and its refused lines, in line order, a page at a time. */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, agencyId: string, uploadId: string, q: z.infer<typeof query>) {
  assertAttendanceManager(actor, agencyId);
  const upload = await ctx.models.uploads.findById(uploadId).lean();
  if (!upload || upload.agencyId !== agencyId)
    throw new NotFoundError({ code: 'CARD_FILE_UPLOAD_NOT_FOUND', detail: '查無此卡檔上傳紀錄' });
  const lines = await ctx.models.uploadLines
    .find({ uploadId, line: { $gt: q.after } })
    .sort({ line: 1 })
    .limit(q.limit)
    .lean();
  return {
    id: upload._id,
    filename: upload.filename,
    profile: upload.profileId,
    encoding: upload.encoding,
    status: upload.status,
    uploadedBy: upload.uploadedBy,
    startedAt: upload.startedAt.toISOString(),
    lines: upload.lines,
    stored: upload.stored,
    duplicates: upload.duplicates,
    refused: upload.refused,
    refusedLines: lines.map((l) => ({ line: l.line, reason: l.reason, detail: l.detail, text: l.text })),
  };
}
