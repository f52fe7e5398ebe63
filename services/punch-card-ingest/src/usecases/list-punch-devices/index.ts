import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { deviceView } from '../shared/devices.ts';

/** The agency's card machines, active and revoked, without their keys. */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, agencyId: string) {
  assertAttendanceManager(actor, agencyId);
  const docs = await ctx.models.devices.find({ agencyId }).sort({ registeredAt: 1 }).lean();
  return { items: docs.map(deviceView) };
}
