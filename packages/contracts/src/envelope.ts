import { z } from 'zod';

/**
 * The envelope every integration event travels in. Events are immutable facts:
 * `type` is a past-tense routing key (`leave.request.submitted`), `id` is what
 * consumers de-duplicate on, `correlationId` ties it to the request that caused it.
 */
export const eventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/, 'event type must look like service.entity.past-tense-verb');

export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: eventTypeSchema,
  occurredAt: z.iso.datetime({ offset: true }),
  producer: z.string().min(1),
  correlationId: z.string().min(1).max(128),
  payload: z.unknown(),
});

export type EventEnvelope<P = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'payload'> & { payload: P };
