import { z } from 'zod';
import { baseConfigShape } from '@webitr/platform';

/** Configuration of the gateway, validated at boot. */
export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3000),
});

export type Config = z.infer<typeof configSchema>;
