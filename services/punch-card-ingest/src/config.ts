import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the punch-card-ingest service, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3014),
});

export type Config = z.infer<typeof configSchema>;
