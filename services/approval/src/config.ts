import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the approval service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3013),
  /** The directory's internal API: supervisors, unit heads, role holders. */
  DIRECTORY_URL: z.url().default('http://127.0.0.1:3011'),
  /** Development only: demo flows for the demo school and city bureau (npm start sets it). */
  APPROVAL_SEED_DEMO: z.stringbool().default(false),
});

export type Config = z.infer<typeof configSchema>;
