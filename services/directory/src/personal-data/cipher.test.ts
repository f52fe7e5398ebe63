import { expect } from 'chai';
import { NationalIdProtector } from './cipher.ts';

describe('national ID protection: AES-256-GCM and keyed hash', () => {
  const protector = new NationalIdProtector('a-test-secret-of-at-least-32-characters!');

  it('encrypts so that only the key and the same person id give the number back', () => {
    const stored = protector.encrypt('A123456789', 'person-1');
    expect(stored).to.match(/^v1\./);
    expect(stored).not.to.contain('A123456789');
    expect(protector.decrypt(stored, 'person-1')).to.equal('A123456789');
    // Copied onto another person's record it does not decrypt (the id is authenticated data).
    expect(() => protector.decrypt(stored, 'person-2')).to.throw();
    // Another key does not decrypt it.
    expect(() => new NationalIdProtector('another-secret-of-at-least-32-characters').decrypt(stored, 'person-1')).to.throw();
  });

  it('encrypts the same number differently each time (random IV), and detects tampering', () => {
    const a = protector.encrypt('A123456789', 'p');
    const b = protector.encrypt('A123456789', 'p');
    expect(a).not.to.equal(b);
    const bytes = Buffer.from(a.slice(3), 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => protector.decrypt(`v1.${bytes.toString('base64url')}`, 'p')).to.throw();
  });

  it('hashes for look-up: equal numbers equal hashes, keyed (another key, another hash), not the number', () => {
    const hash = protector.hash('A123456789');
    expect(protector.hash('A123456789')).to.equal(hash);
    expect(protector.hash('A223456781')).not.to.equal(hash);
    expect(new NationalIdProtector('another-secret-of-at-least-32-characters').hash('A123456789')).not.to.equal(hash);
    expect(hash).not.to.contain('123456789');
  });

  it('gives the three stored fields, the masked one for display', () => {
    const fields = protector.protect('A123456789', 'p');
    expect(fields.nationalIdMasked).to.equal('A12*****89');
    expect(fields.nationalIdHash).to.equal(protector.hash('A123456789'));
    expect(protector.decrypt(fields.nationalIdCipher, 'p')).to.equal('A123456789');
  });
});
