import { z } from 'zod';

/** RFC 9457 problem details as every service answers errors. */
export const fieldErrorSchema = z.object({
  field: z.string().meta({ description: 'dotted path of the failing field, e.g. body.location' }),
  label: z.string().optional().meta({ description: 'the field as users know it, e.g. 地點' }),
  code: z.string(),
  message: z.string(),
  /** When the field fails for one person (a flow that cannot route them): who, at which step, why. */
  personId: z.string().optional(),
  personName: z.string().optional(),
  step: z.string().optional(),
  reason: z.string().optional(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().meta({ description: 'stable machine-readable code, e.g. VALIDATION_FAILED' }),
    errors: z.array(fieldErrorSchema).optional(),
    errorId: z.string().optional().meta({ description: 'quote this to the help desk; it is in the logs' }),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;
