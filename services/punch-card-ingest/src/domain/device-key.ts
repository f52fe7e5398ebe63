import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A card machine's key (刷卡機金鑰): `<deviceId>.<secret>`, the secret 32
 * random bytes in base64url. The device id in front lets the service find
 * the device by its `_id` (the one look-up FerretDB serves from an index);
 * only the SHA-256 of the secret is stored. A 256-bit random secret cannot be
 * guessed from its digest, so a fast hash is enough (a slow one is for
 * passwords people choose).
 */
export interface DeviceKey {
  deviceId: string;
  secret: string;
}

const DEVICE_ID = /^pd-[0-9a-f]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const newDeviceId = (): string => `pd-${randomBytes(8).toString('hex')}`;

/** A new key for a device, and what is stored of it. */
export function newDeviceKey(deviceId: string): { key: string; keyHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { key: `${deviceId}.${secret}`, keyHash: hashSecret(secret) };
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** The key an `Authorization: Bearer <key>` header carries, if it is shaped like one. */
export function readDeviceKey(authorization: string | undefined): DeviceKey | undefined {
  const match = /^Bearer ([^\s.]+)\.(\S+)$/.exec(authorization ?? '');
  if (!match || !DEVICE_ID.test(match[1]!) || !SECRET.test(match[2]!)) return undefined;
  return { deviceId: match[1]!, secret: match[2]! };
}

/** Whether the secret is the one whose digest is stored (compared in constant time). */
export function secretMatches(secret: string, keyHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(keyHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
