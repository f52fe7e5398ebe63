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
 * The two <style> elements React Aria (used by the web app) adds to the page,
 * allowed by the hash of their fixed text rather than by 'unsafe-inline':
 * usePress's `touch-action` rule (so a tap is not delayed by double-tap zoom)
 * and usePreventScroll's `overscroll-behavior` rule while a dialog is open
 * (node_modules/react-aria/dist/private/interactions/usePress.mjs and
 * overlays/usePreventScroll.mjs). A React Aria update that changes either text
 * shows as a CSP violation in the browser test (gateway/test/browser.test.ts).
 * Style attributes need no allowance: React sets styles through the CSSOM,
 * which the CSP does not govern.
 */
export const REACT_ARIA_STYLE_HASHES = [
  "'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='",
  "'sha256-gYiS/BvZvRcK27JIXTuwhZ3hs2+VJ1X+2gUlE+farlg='",
];

/**
 * Security headers. The CSP is strict: scripts, styles and connections to
 * this origin only, nothing inline (but React Aria's two fixed style rules, by hash), no framing (the portal tile overrides
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
          styleSrc: ["'self'", ...REACT_ARIA_STYLE_HASHES],
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
