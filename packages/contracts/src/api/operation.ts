import type { z } from 'zod';

/**
 * One HTTP operation described once with zod: the service validates requests
 * against it and the OpenAPI document is generated from it.
 */
export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/forms/:formId`. */
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: { status: number; schema?: z.ZodType; description: string };
  /** A create that accepts an `Idempotency-Key` header: a retry with the same key answers the first result and writes nothing new. */
  idempotent?: boolean;
}
