import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { ApiOperation, ApiOutput, Operation } from '@webitr/contracts';
import { UnsupportedMediaTypeError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { IDEMPOTENT_REPLAYED_HEADER, idempotencyKeyOf } from './idempotency.ts';
import type { IdempotencyStore, StoredResponse } from './idempotency.ts';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface OperationInput<O extends Operation> {
  params: Infer<O['params']>;
  query: Infer<O['query']>;
  body: Infer<O['body']>;
  req: Request;
  /** For `personOf(res)`: who is calling, as the verified assertion says. */
  res: Response;
}

/** Whether the request carries a body at all (RFC 9112 §6.3: a length or a transfer coding). */
const hasBody = (req: Request): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Mount an operation: refuse a body that is not JSON (415), validate params,
 * query and body with its zod schemas, run the handler, answer with the
 * declared status. Errors go to the problem middleware; the handler never
 * sees unvalidated input. An `idempotent` operation runs at most once per
 * Idempotency-Key (http/idempotency.ts).
 */
export function mountOperation<O extends Operation>(
  router: Router,
  operation: O,
  handler: (input: OperationInput<O>) => Promise<unknown> | unknown,
): void {
  router[operation.method](operation.path, async (req, res) => {
    // A body sent as anything but JSON was never read (express.json reads only that): say so, not "body required".
    if (operation.body && hasBody(req) && !req.is('application/json')) {
      throw new UnsupportedMediaTypeError({ detail: '請求內容須為 JSON（Content-Type: application/json）' });
    }
    const key = operation.idempotent ? idempotencyKeyOf(req) : undefined;
    const input = {
      params: operation.params ? parseInput(operation.params, req.params, 'params') : undefined,
      query: operation.query ? parseInput(operation.query, req.query, 'query') : undefined,
      body: operation.body ? parseInput(operation.body, req.body, 'body') : undefined,
      req,
      res,
    } as OperationInput<O>;
    const status = operation.response?.status ?? 200;
    const run = async (): Promise<StoredResponse> => {
      const result = await handler(input);
      return result === undefined ? { status: status === 200 ? 204 : status } : { status, body: JSON.stringify(result) };
    };
    const answer = key === undefined ? await run() : await idempotencyStoreOf(req).run(req, res, operation.operationId, key, run);
    if ('replayed' in answer && answer.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).type('application/json').send(answer.body);
  });
}

/**
 * Mount every operation of a service API's table (`@webitr/contracts`), one
 * handler each: a table entry without its handler, or a handler answering
 * another shape than the table's response, does not compile, so the routes
 * and the clients built from the same table cannot differ.
 */
export function mountOperations<T extends Record<string, ApiOperation>>(
  router: Router,
  table: T,
  handlers: { [K in keyof T]: (input: OperationInput<T[K]>) => Promise<ApiOutput<T[K]>> | ApiOutput<T[K]> },
): void {
  for (const name of Object.keys(table) as (keyof T & string)[]) mountOperation(router, table[name], handlers[name]);
}

function idempotencyStoreOf(req: Request): IdempotencyStore {
  const store = (req.app.locals as { idempotency?: IdempotencyStore }).idempotency;
  if (!store) throw new Error('an idempotent operation needs the app built with an idempotency store (ServiceRuntime.serve does this)');
  return store;
}
