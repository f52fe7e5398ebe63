import { z } from 'zod';
import { ConflictError } from '@webitr/platform';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { newDeviceId, newDeviceKey } from '../../domain/device-key.ts';
import type { PunchDeviceDoc } from '../../models/device.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { deviceView } from '../shared/devices.ts';

export const command = z.object({
  name: z.string().trim().min(1).max(50).meta({ title: '刷卡機名稱' }),
  readerId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, '代號限英數字、-、_，至多20字')
    .meta({ title: '讀卡機代號', description: 'as in the agency card files, so a pushed punch and the same punch in a file are one' }),
});
export type Command = z.infer<typeof command>;

/**
 * Register a card machine (刷卡機) of the agency: answers the device and its
 * key, shown this once (only its digest is kept). One active device per
 * reader id: its punches are `reader:<id>`'s, like the card files'.
 */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, agencyId: string, command: Command) {
  assertAttendanceManager(actor, agencyId);
  const taken = await ctx.models.devices.exists({ agencyId, readerId: command.readerId, status: 'active' });
  if (taken)
    throw new ConflictError({
      code: 'DEVICE_READER_TAKEN',
      detail: `讀卡機代號：本機關已有使用「${command.readerId}」的刷卡機，請先停用該機或改用其他代號`,
    });
  const deviceId = newDeviceId();
  const { key, keyHash } = newDeviceKey(deviceId);
  const doc: PunchDeviceDoc = {
    _id: deviceId,
    agencyId,
    name: command.name,
    readerId: command.readerId,
    keyHash,
    status: 'active',
    registeredBy: actor.sub,
    registeredAt: ctx.clock(),
  };
  await ctx.models.devices.create(doc);
  ctx.logger.info({ deviceId, agencyId, readerId: command.readerId }, 'punch device registered');
  return { device: deviceView(doc), key };
}
