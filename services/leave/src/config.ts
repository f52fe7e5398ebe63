import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the leave service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3012),
  /** The directory, read through its internal API with a service assertion. */
  DIRECTORY_URL: z.url().default('http://127.0.0.1:3011'),
  /** The approval service, asked with a service assertion for the route a draft would take (quotes). */
  APPROVAL_URL: z.url().default('http://127.0.0.1:3013'),
  /** How long a person read from the directory is used before reading again (directory events drop it sooner). */
  PERSON_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  /** How often reservations left half-done by a crash are reconciled. */
  RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  /** Uploads no form took are deleted once older than this. */
  UNATTACHED_ATTACHMENT_TTL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
  /** How often the expiry of such uploads runs. */
  ATTACHMENT_EXPIRY_INTERVAL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 60_000),
  /** Filings worked on at once by this process (usecases/shared/filing-gate.ts). */
  FILING_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** Filings that may wait for a turn; one more is refused at once with 503 LEAVE_BUSY (retryable). */
  FILING_WAITING: z.coerce.number().int().min(0).default(24),
});

export type Config = z.infer<typeof configSchema>;
