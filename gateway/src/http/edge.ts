import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { parse as parseCookie } from 'cookie';
import { REQUEST_ID_HEADER, runInContext } from '@webitr/platform';
import type { ClientAddress } from '../network/zones.ts';
import { startRequestState } from './request-state.ts';

/**
 * The first middleware at the door: a fresh request id (ids sent by clients
 * are not believed at the edge; services get the gateway's), the correlation
 * id the rest of the chain carries, and the network the request came from.
 */
export function edgeContext(addresses: ClientAddress): RequestHandler {
  return (req, res, next) => {
    const requestId = randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    startRequestState(req, requestId, addresses.of(req));
    runInContext({ requestId, correlationId: requestId }, next);
  };
}

/** req.cookies, as csrf-csrf and the session guard read them (no cookie-parser needed for that). */
export const parseCookies: RequestHandler = (req, _res, next) => {
  const header = req.headers.cookie;
  (req as { cookies?: Record<string, string | undefined> }).cookies = header ? parseCookie(header) : {};
  next();
};

/**
 * Security headers. The CSP is strict: scripts, styles and connections to
 * this origin only, nothing inline, no framing (the portal tile overrides
 * frame-ancestors for itself), no form posts elsewhere.
 */
export function securityHeaders(secure: boolean): RequestHandler {
  const headers = headersOf(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          manifestSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      // The state and code of a sign-in travel in URLs: never send them on as a Referer.
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
  );
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}

/**
 * The headers a helmet middleware sets, worked out once at start-up: with no
 * per-request directive (no nonce functions) they depend only on its options,
 * and running helmet's chain of small middlewares on every request cost some
 * 30 µs of the gateway's CPU per request (measured with bench:gateway).
 */
function headersOf(middleware: RequestHandler): Map<string, string> {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let done = false;
  void middleware(
    {} as never,
    res as never,
    ((err?: unknown) => {
      if (err) throw err;
      done = true;
    }) as never,
  );
  if (!done) throw new Error('the security headers could not be worked out at start-up');
  return headers;
}
