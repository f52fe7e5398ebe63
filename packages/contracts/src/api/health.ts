import { z } from 'zod';

export const dependencyStatusSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
});

export const readinessSchema = z
  .object({ status: z.enum(['ready', 'not-ready']), service: z.string(), dependencies: z.array(dependencyStatusSchema) })
  .meta({ id: 'Readiness' });

export const livenessSchema = z.object({ status: z.literal('alive'), service: z.string() }).meta({ id: 'Liveness' });
