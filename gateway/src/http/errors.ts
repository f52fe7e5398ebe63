import type { ErrorRequestHandler, Request } from 'express';
import { AppError, problemMiddleware, problemOf, sendProblem } from '@webitr/platform';
import type { AppErrorOptions, Logger } from '@webitr/platform';
import type { AuditLog } from '../audit.ts';
import { NetworkRefusedError } from '../network/policy.ts';
import { problemPage } from './pages.ts';
import type { PageLink } from './pages.ts';
import { requestStateIfAny } from './request-state.ts';

/** 429: too many sign-ins or writes in a short time. */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, options: AppErrorOptions = {}) {
    super({ code: 'RATE_LIMITED', title: '操作過於頻繁，請稍後再試' }, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A browser navigation gets a page; API calls and everything else get problem+json. */
export const wantsHtml = (req: Request): boolean =>
  !req.path.startsWith('/api/') && req.method === 'GET' && req.accepts(['json', 'html']) === 'html';

/** Seconds to wait before trying again: the error's own, else a few seconds for any 503 (a dependency is down, and retrying is the point). */
const DEFAULT_RETRY_AFTER_SECONDS = 5;
function retryAfterOf(error: AppError): number | undefined {
  const own = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof own === 'number') return own;
  return error.status === 503 ? DEFAULT_RETRY_AFTER_SECONDS : undefined;
}

/** Refusals worth a line in the audit log (being signed out and visiting is not one). */
function audited(error: AppError, req: Request): boolean {
  if (error.status === 403 || error.status === 429) return true;
  if (req.path.startsWith('/sso/')) return error.status < 500;
  return ['SESSION_REVOKED', 'LOGOUT_TOKEN_INVALID', 'RETURN_TO_INVALID'].includes(error.code);
}

/**
 * The gateway's error handler: audits refusals with their reason, adds the
 * network a refusal needs to the problem, renders a page for browsers, and
 * leaves the rest to the platform's problem middleware.
 */
export function gatewayErrorHandler(options: {
  logger: Logger;
  audit: AuditLog;
  links: (error: AppError, req: Request) => PageLink[];
}): ErrorRequestHandler {
  const fallback = problemMiddleware(options.logger);
  return async (err: unknown, req, res, next) => {
    if (res.headersSent || !(err instanceof AppError)) return fallback(err, req, res, next);
    if (err.status >= 500) options.logger.error({ err, code: err.code }, 'request failed');
    const state = requestStateIfAny(req);
    const network = state?.network;
    if (audited(err, req)) {
      await options.audit.record({
        type: req.path.startsWith('/sso/') ? 'sign-in-refused' : 'refused',
        personId: state?.person?.id ?? state?.personId,
        portal: state?.person?.portal ?? state?.portal,
        address: network?.address ?? 'unknown',
        zone: network?.zone ?? 'unknown',
        method: req.method,
        path: req.path,
        reason: err.code,
      });
    }
    const problem = {
      ...problemOf(err, req.originalUrl.split('?')[0]),
      ...(err instanceof NetworkRefusedError ? { requiredZones: err.requiredZones, zone: err.zone, address: err.address } : {}),
    };
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    if (err.status === 401 || err.status === 403 || err.status === 503) res.setHeader('Cache-Control', 'no-store');
    if (wantsHtml(req)) {
      res
        .status(err.status)
        .type('html')
        .send(problemPage(problem, options.links(err, req)));
      return;
    }
    sendProblem(res, problem);
  };
}
