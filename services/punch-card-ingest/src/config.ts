import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the punch-card-ingest service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3014),
  /** The directory, read through its internal API with a service assertion (card holders, people). */
  DIRECTORY_URL: z.url().default('http://127.0.0.1:3011'),
  /** Seed the demo agencies' card-file formats (`npm start` only; never in production). */
  PUNCH_SEED_DEMO: z.stringbool().default(false),
  /** How often days left to compute (after uploads) are looked for; an upload also starts the work at once. */
  ATTENDANCE_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * How long the work an upload or a web punch starts waits for more to come
   * with it: at the morning rush the job then takes many punches a pass, and
   * leaves the store to the punches themselves in between.
   */
  ATTENDANCE_KICK_DELAY_MS: z.coerce.number().int().nonnegative().default(250),
  /** How long a person read from the directory is used before reading again (directory events drop it sooner). */
  PERSON_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
});

export type Config = z.infer<typeof configSchema>;
