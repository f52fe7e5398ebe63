import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * A card machine (刷卡機) that pushes its punches over HTTP. Its key is shown
 * once, at registration, as `<deviceId>.<secret>`; only the SHA-256 of the
 * secret is kept (a 256-bit random secret needs no slow hash: there is
 * nothing to guess from the digest). `readerId` is the source of its punches
 * (`reader:<id>`), the same as in the agency's card files, so a punch pushed
 * and the same punch in a later file are one.
 */
export interface PunchDeviceDoc {
  _id: string;
  agencyId: string;
  name: string;
  readerId: string;
  /** SHA-256 (hex) of the key's secret part. */
  keyHash: string;
  status: 'active' | 'revoked';
  registeredBy: string;
  registeredAt: Date;
  revokedBy?: string;
  revokedAt?: Date;
  lastPushAt?: Date;
}

const punchDeviceSchema = new Schema<PunchDeviceDoc>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    name: { type: String, required: true },
    readerId: { type: String, required: true },
    keyHash: { type: String, required: true },
    status: { type: String, required: true },
    registeredBy: { type: String, required: true },
    registeredAt: { type: Date, required: true },
    revokedBy: String,
    revokedAt: Date,
    lastPushAt: Date,
  },
  { collection: 'punch_devices', versionKey: false },
);

punchDeviceSchema.index({ agencyId: 1, registeredAt: 1 });

/**
 * A batch a device pushed, kept so that the same batch again stores nothing:
 * `_id` = `<deviceId>|<batchId>` (the unique key decides between two copies
 * arriving at once), the fingerprint of what it held, and, once worked, the
 * answer, which a replay gets again.
 */
export interface DeviceBatchDoc {
  _id: string;
  deviceId: string;
  agencyId: string;
  batchId: string;
  fingerprint: string;
  status: 'running' | 'done';
  receivedAt: Date;
  /** The answer's body (JSON), once done. */
  answer?: string;
}

const deviceBatchSchema = new Schema<DeviceBatchDoc>(
  {
    _id: { type: String, required: true },
    deviceId: { type: String, required: true },
    agencyId: { type: String, required: true },
    batchId: { type: String, required: true },
    fingerprint: { type: String, required: true },
    status: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    answer: String,
  },
  { collection: 'device_batches', versionKey: false },
);

export const deviceBatchId = (deviceId: string, batchId: string): string => `${deviceId}|${batchId}`;

export const punchDeviceModel = (connection: Connection): Model<PunchDeviceDoc> =>
  (connection.models.PunchDevice as Model<PunchDeviceDoc> | undefined) ??
  connection.model<PunchDeviceDoc>('PunchDevice', punchDeviceSchema);

export const deviceBatchModel = (connection: Connection): Model<DeviceBatchDoc> =>
  (connection.models.DeviceBatch as Model<DeviceBatchDoc> | undefined) ??
  connection.model<DeviceBatchDoc>('DeviceBatch', deviceBatchSchema);
