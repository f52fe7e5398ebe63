import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the notification service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3015),
});

export type Config = z.infer<typeof configSchema>;
