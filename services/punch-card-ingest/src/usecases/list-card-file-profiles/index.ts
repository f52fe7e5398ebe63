import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';

/** The agency's card-file formats, for 卡檔上傳's choice. */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, agencyId: string) {
  assertAttendanceManager(actor, agencyId);
  const docs = await ctx.models.profiles.find({ agencyId }).sort({ profileId: 1 }).lean();
  return { items: docs.map((d) => ({ id: d.profileId, name: d.name, layout: d.layout, updatedAt: d.updatedAt.toISOString() })) };
}
