import { z } from 'zod';
import { NotFoundError } from '@webitr/platform';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { deviceView } from '../shared/devices.ts';

export const params = z.object({
  agencyId: z.string().min(1).max(64).meta({ title: '機關' }),
  deviceId: z.string().min(1).max(64).meta({ title: '刷卡機' }),
});

/**
 * Revoke a card machine (停用): its key is refused from now on; its punches
 * stay. Revoking it again changes nothing (and answers the same).
 */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, p: z.infer<typeof params>) {
  assertAttendanceManager(actor, p.agencyId);
  const found = await ctx.models.devices.findById(p.deviceId).lean();
  if (!found || found.agencyId !== p.agencyId)
    throw new NotFoundError({ code: 'DEVICE_NOT_FOUND', detail: `刷卡機：本機關沒有「${p.deviceId}」這台刷卡機` });
  if (found.status === 'revoked') return deviceView(found);
  const revokedAt = ctx.clock();
  await ctx.models.devices.updateOne({ _id: p.deviceId }, { $set: { status: 'revoked', revokedAt, revokedBy: actor.sub } });
  ctx.logger.info({ deviceId: p.deviceId, agencyId: p.agencyId }, 'punch device revoked');
  return deviceView({ ...found, status: 'revoked', revokedAt, revokedBy: actor.sub });
}
