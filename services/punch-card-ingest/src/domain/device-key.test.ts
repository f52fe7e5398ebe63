import { expect } from 'chai';
import { newDeviceId, newDeviceKey, readDeviceKey, secretMatches } from './device-key.ts';

describe('device keys', () => {
  it('reads back a new key from its Authorization header and matches only its own stored digest', () => {
    const deviceId = newDeviceId();
    const { key, keyHash } = newDeviceKey(deviceId);
    expect(keyHash).to.match(/^[0-9a-f]{64}$/);
    expect(key).to.not.contain(keyHash);
    const read = readDeviceKey(`Bearer ${key}`);
    expect(read?.deviceId).to.equal(deviceId);
    expect(secretMatches(read!.secret, keyHash)).to.equal(true);
    const other = newDeviceKey(deviceId);
    expect(secretMatches(read!.secret, other.keyHash)).to.equal(false);
  });

  it('refuses what is not shaped like a key', () => {
    const { key } = newDeviceKey(newDeviceId());
    for (const header of [undefined, '', key, `Basic ${key}`, `Bearer ${key}x`, 'Bearer pd-0123456789abcdef.short', `Bearer ${key} extra`])
      expect(readDeviceKey(header), String(header)).to.equal(undefined);
  });
});
