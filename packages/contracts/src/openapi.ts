import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, oas31 } from 'zod-openapi';
import type { Operation } from './api/operation.ts';
import { livenessSchema, readinessSchema } from './api/health.ts';
import { problemSchema } from './api/problem.ts';

const problemResponse = {
  description: 'problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: problemSchema } },
};

const healthOperations: Operation[] = [
  {
    operationId: 'liveness',
    method: 'get',
    path: '/healthz',
    access: 'internal',
    summary: 'the process is alive',
    response: { status: 200, schema: livenessSchema, description: 'alive' },
  },
  {
    operationId: 'readiness',
    method: 'get',
    path: '/readyz',
    access: 'internal',
    summary: 'MongoDB, RabbitMQ and Redis are reachable',
    response: { status: 200, schema: readinessSchema, description: 'ready (503 when a dependency is down)' },
  },
];

/** Sent by the web app once per form; a retry with the same key answers the first result (422 if the request differs, 409 while the first is in progress). */
const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(128)
    .optional()
    .meta({ description: 'a unique key per create (a UUID): a retry with the same key answers the first result and writes nothing new' }),
});

/** `/forms/:formId` → `/forms/{formId}` */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Generate the OpenAPI 3.1 document of a service from the same zod schemas it validates with. */
export function createOpenApiDocument(info: { title: string; version: string }, operations: readonly Operation[]): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of [...healthOperations, ...operations]) {
    const item: ZodOpenApiOperationObject = {
      operationId: op.operationId,
      summary: op.summary,
      // Who may reach it through the gateway (see Access in @webitr/contracts).
      'x-webitr-access': op.access,
      ...(op.problems?.length ? { 'x-webitr-problems': op.problems } : {}),
      requestParams: {
        ...(op.params ? { path: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.idempotent ? { header: idempotencyHeader } : {}),
      },
      ...(op.body ? { requestBody: { content: { 'application/json': { schema: op.body } } } } : {}),
      responses: {
        [String(op.response?.status ?? 200)]: {
          description: op.response?.description ?? 'OK',
          ...(op.response?.schema ? { content: { 'application/json': { schema: op.response.schema } } } : {}),
        },
        default: problemResponse,
      },
    };
    const key = toOpenApiPath(op.path);
    paths[key] = { ...paths[key], [op.method]: item };
  }
  return createDocument({ openapi: '3.1.0', info, paths });
}
