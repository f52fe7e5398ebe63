import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Operation } from '@webitr/contracts';
import { parseInput } from '../validation.ts';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface OperationInput<O extends Operation> {
  params: Infer<O['params']>;
  query: Infer<O['query']>;
  body: Infer<O['body']>;
  req: Request;
  /** For `personOf(res)`: who is calling, as the verified assertion says. */
  res: Response;
}

/**
 * Mount an operation: validate params, query and body with its zod schemas,
 * run the handler, answer with the declared status. Errors go to the problem
 * middleware; the handler never sees unvalidated input.
 */
export function mountOperation<O extends Operation>(
  router: Router,
  operation: O,
  handler: (input: OperationInput<O>) => Promise<unknown> | unknown,
): void {
  router[operation.method](operation.path, async (req, res) => {
    const input = {
      params: operation.params ? parseInput(operation.params, req.params, 'params') : undefined,
      query: operation.query ? parseInput(operation.query, req.query, 'query') : undefined,
      body: operation.body ? parseInput(operation.body, req.body, 'body') : undefined,
      req,
      res,
    } as OperationInput<O>;
    const result = await handler(input);
    const status = operation.response?.status ?? 200;
    if (result === undefined) res.status(status === 200 ? 204 : status).end();
    else res.status(status).json(result);
  });
}
