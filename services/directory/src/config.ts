import { z } from 'zod';
import { baseConfigShape, secret } from '@webitr/platform';

/** Configuration of the directory service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3011),
  /**
   * Key material for national ID numbers (身分證字號): the AES-256-GCM key and the
   * HMAC-SHA256 look-up key are derived from it (HKDF). Required in production.
   */
  DIRECTORY_PERSONAL_DATA_KEY: secret('development-only-directory-personal-data-key', 32),
  /** Seed the demo agencies and accounts (development only; `npm start` sets it). */
  DIRECTORY_SEED_DEMO: z.stringbool().default(false),
  /** How long the internal read API keeps a person summary in Redis (changes invalidate it at once). */
  DIRECTORY_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(300),
  /** Largest CSV file accepted by the import. */
  DIRECTORY_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;
