import { z } from 'zod';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { cardFileLayoutSchema } from '../../domain/card-file.ts';
import { assertAttendanceManager } from '../shared/access.ts';

export const params = z.object({
  agencyId: z.string().min(1).max(64).meta({ title: '機關' }),
  profileId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, '代號限英數字、-、_，至多40字')
    .meta({ title: '格式代號' }),
});
export const command = z.object({ name: z.string().trim().min(1).max(50).meta({ title: '格式名稱' }), layout: cardFileLayoutSchema });
export type Command = z.infer<typeof command>;

/** Save one of the agency's card-file formats (卡檔格式設定): where each field is in its machines' lines. */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, p: z.infer<typeof params>, command: Command) {
  assertAttendanceManager(actor, p.agencyId);
  const doc = {
    _id: `${p.agencyId}|${p.profileId}`,
    agencyId: p.agencyId,
    profileId: p.profileId,
    name: command.name,
    layout: command.layout,
    updatedBy: actor.sub,
    updatedAt: ctx.clock(),
  };
  await ctx.models.profiles.replaceOne({ _id: doc._id }, doc, { upsert: true });
  return { id: p.profileId, name: doc.name, layout: doc.layout, updatedAt: doc.updatedAt.toISOString() };
}
