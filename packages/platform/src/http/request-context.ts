import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runInContext } from '../context.ts';

/** What a request or correlation id may look like (they go into logs and events). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** A header value used as an id only if it looks like one; anything else is replaced. */
const idFrom = (value: unknown): string | undefined => (typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : undefined);

/**
 * Gives every request a request id and a correlation id (kept from upstream
 * when well-formed) and runs the rest of the request inside that context, so
 * every log line and event carries them. Behind `requireAssertion` these
 * header ids stay when the caller's assertion carries none (the gateway's:
 * it sets both headers on every request it forwards, replacing a client's);
 * an assertion signed for one call (another service's) replaces them with
 * the ids it signed (see `adoptAssertedIds`).
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const requestId = idFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
  const correlationId = idFrom(req.headers[CORRELATION_ID_HEADER]) ?? requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  res.locals.requestId = requestId;
  runInContext({ requestId, correlationId }, next);
};
