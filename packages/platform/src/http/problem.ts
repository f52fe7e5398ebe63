import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Problem } from '@webitr/contracts';
import { AppError, dependencyUnavailable, InputError, NotFoundError, PayloadTooLargeError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The path (and query) the client called at the gateway, set by the gateway on every request it forwards. */
export const PUBLIC_PATH_HEADER = 'x-webitr-public-path';
const PUBLIC_PATH = /^\/[\x21-\x7e]{0,2047}$/;

/**
 * A problem's `instance`: the URL the client called (`/api/leave/...`), which
 * the gateway sends in PUBLIC_PATH_HEADER, not the service's own path behind
 * it. The header is believed only on a request whose person assertion was
 * verified (only the gateway may assert a person); otherwise, and for calls
 * between services, it is this service's own URL.
 */
export function instanceOf(req: Request, res: Response): string {
  const header = req.headers[PUBLIC_PATH_HEADER];
  const asserted = (res.locals.identity as { kind?: string } | undefined)?.kind === 'person';
  return asserted && typeof header === 'string' && PUBLIC_PATH.test(header) ? header : req.originalUrl;
}

export function problemOf(error: AppError, instance?: string): Problem {
  return {
    type: `urn:webitr:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(error instanceof InputError && error.fields.length > 0 ? { errors: error.fields } : {}),
  };
}

/** Seconds a client should wait before retrying a 503 (a dependency that is down, or the process shutting down). */
export const RETRY_AFTER_SECONDS = 1;

export function sendProblem(res: Response, problem: Problem): void {
  // A 503 is retryable: say when (unless the handler said already).
  if (problem.status === 503 && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** Errors raised by express.json() before our code runs, translated to typed errors. */
function fromBodyParser(err: { type?: string; status?: number }): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new InputError({ code: 'MALFORMED_JSON', detail: '請求內容不是有效的 JSON' });
    case 'entity.too.large':
      return new PayloadTooLargeError({ detail: '請求內容過大' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new InputError({ code: 'UNSUPPORTED_ENCODING', detail: '不支援的字元編碼' });
    default:
      return undefined;
  }
}

/**
 * The one place errors become HTTP responses. Typed errors keep their code;
 * a client error of the store or Redis saying it cannot reach them is a
 * retryable 503 (STORE_UNAVAILABLE, CACHE_UNAVAILABLE) with Retry-After;
 * anything else is a 500 with an error id that is logged with the stack and
 * never shown to the client.
 */
export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof AppError ? err : (fromBodyParser(err as { type?: string }) ?? dependencyUnavailable(err));
    if (known) {
      if (known.status >= 500) logger.error({ err: known, code: known.code }, 'request failed');
      return sendProblem(res, problemOf(known, instanceOf(req, res)));
    }
    const errorId = randomUUID();
    logger.error({ err, errorId }, 'unhandled error');
    sendProblem(res, {
      type: 'urn:webitr:problem:internal-error',
      title: '系統發生錯誤，請稍後再試',
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: `如需協助，請向系統管理者提供錯誤代碼 ${errorId}`,
      errorId,
      instance: instanceOf(req, res),
    });
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  throw new NotFoundError({ code: 'ROUTE_NOT_FOUND', detail: `沒有這個網址：${req.method} ${instanceOf(req, res).split('?')[0]}` });
};
