import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { maskNationalId } from './national-id.ts';

/**
 * National ID numbers at rest: AES-256-GCM ciphertext (bound to the person's id,
 * so a ciphertext copied onto another record does not decrypt), an HMAC-SHA256
 * keyed hash for exact look-up and the uniqueness index, and the masked form for
 * display and search. Both keys are derived from one configured secret with
 * HKDF, each for its own purpose.
 */
export interface ProtectedNationalId {
  nationalIdCipher: string;
  nationalIdHash: string;
  nationalIdMasked: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class NationalIdProtector {
  readonly #encryptionKey: Buffer;
  readonly #lookupKey: Buffer;

  constructor(secret: string) {
    const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'webitr-directory', purpose, 32));
    this.#encryptionKey = derive('national-id encryption (AES-256-GCM)');
    this.#lookupKey = derive('national-id look-up (HMAC-SHA256)');
  }

  /** The keyed hash a number is found by; equal numbers give equal hashes. */
  hash(nationalId: string): string {
    return createHmac('sha256', this.#lookupKey).update(nationalId, 'utf8').digest('base64url');
  }

  encrypt(nationalId: string, personId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(personId, 'utf8'));
    const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(stored: string, personId: string): string {
    const [version, payload] = stored.split('.');
    if (version !== VERSION || !payload) throw new Error('unknown national-id ciphertext version');
    const bytes = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(personId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** The three stored fields of a (valid, normalised) number. */
  protect(nationalId: string, personId: string): ProtectedNationalId {
    return {
      nationalIdCipher: this.encrypt(nationalId, personId),
      nationalIdHash: this.hash(nationalId),
      nationalIdMasked: maskNationalId(nationalId),
    };
  }
}
