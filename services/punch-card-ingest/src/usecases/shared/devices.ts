import type { PunchDeviceDoc } from '../../models/device.ts';

/** A device as attendance managers see it: never its key nor the key's digest. */
export const deviceView = (d: PunchDeviceDoc) => ({
  id: d._id,
  agencyId: d.agencyId,
  name: d.name,
  readerId: d.readerId,
  status: d.status,
  registeredAt: d.registeredAt.toISOString(),
  revokedAt: d.revokedAt?.toISOString() ?? null,
  lastPushAt: d.lastPushAt?.toISOString() ?? null,
});
