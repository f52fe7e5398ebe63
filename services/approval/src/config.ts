import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the approval service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3013),
  /** The directory's internal API: supervisors, unit heads, role holders. */
  DIRECTORY_URL: z.url().default('http://127.0.0.1:3011'),
  /** Remind approvers of a step waiting longer than this many working hours (default: one working day). */
  APPROVAL_REMINDER_AFTER_WORKING_HOURS: z.coerce.number().positive().default(8),
  /** How often waiting steps are checked. */
  APPROVAL_REMINDER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  /** Development only: demo flows for the demo school and city bureau (npm start sets it). */
  APPROVAL_SEED_DEMO: z.stringbool().default(false),
});

export type Config = z.infer<typeof configSchema>;
