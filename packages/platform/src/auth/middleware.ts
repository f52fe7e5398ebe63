import type { Request, RequestHandler, Response } from 'express';
import type { DeviceIdentity, IdentityClaims, PersonIdentity, RoleName } from '@webitr/contracts';
import { currentContext, runInContext } from '../context.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { REQUEST_ID_HEADER } from '../http/request-context.ts';
import { ASSERTION_HEADER } from './assertion.ts';
import type { AssertionVerifier, VerifiedAssertion } from './assertion.ts';

/**
 * Refuse every request without a valid identity assertion; put the verified
 * identity where routes read it (`identityOf`) and, when the assertion was
 * signed for this one call (another service's, with `rid`/`cid`), make the
 * request and correlation ids the assertion's. The gateway's assertions are
 * reused across requests and carry no ids: the request keeps the ids of its
 * `x-request-id` / `x-correlation-id` headers (`requestContext`), which the
 * gateway sets on every request it forwards, overwriting a client's.
 * Mounted before a service's routes, so no route can forget it. Health
 * endpoints stay open.
 */
export function requireAssertion(verifier: AssertionVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers[ASSERTION_HEADER];
    const verified = await verifier.verify(typeof header === 'string' ? header : undefined);
    res.locals.identity = verified.identity;
    if (verified.requestId === undefined || verified.correlationId === undefined) return next();
    adoptAssertedIds(res, { requestId: verified.requestId, correlationId: verified.correlationId }, next);
  };
}

/**
 * From here on the request is known by the ids its issuer signed, whatever
 * x-request-id / x-correlation-id headers came with it. The request's context
 * is changed in place, so lines already holding it (the access log) carry the
 * signed ids too.
 */
export function adoptAssertedIds(
  res: Response,
  { requestId, correlationId }: Required<Omit<VerifiedAssertion, 'identity'>>,
  next: () => void,
): void {
  res.locals.requestId = requestId;
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, requestId);
  const context = currentContext();
  if (!context) return runInContext({ requestId, correlationId }, next);
  context.requestId = requestId;
  context.correlationId = correlationId;
  next();
}

export function identityOf(res: Response): IdentityClaims {
  const identity = res.locals.identity as IdentityClaims | undefined;
  if (!identity) throw new UnauthenticatedError({ code: 'ASSERTION_MISSING' });
  return identity;
}

/** The person calling; a service-to-service call is refused here. */
export function personOf(res: Response): PersonIdentity {
  const identity = identityOf(res);
  if (identity.kind !== 'person') throw new ForbiddenError({ code: 'PERSON_REQUIRED', detail: '此作業須由人員執行' });
  return identity;
}

/** A machine calling through the gateway (an operation marked `device`); anyone else is refused here. */
export function deviceCallOf(res: Response): DeviceIdentity {
  const identity = identityOf(res);
  if (identity.kind !== 'device') throw new ForbiddenError({ code: 'DEVICE_REQUIRED', detail: '此介面僅供刷卡機經由閘道器呼叫' });
  return identity;
}

/** Does the person hold `role` in `agencyId` (system administrators: everywhere)? */
export function hasRole(person: PersonIdentity, role: RoleName, agencyId: string): boolean {
  return person.roles.some((r) => r.role === 'system-admin' || (r.role === role && r.agencyId === agencyId));
}

/** Route guard for internal APIs: only other services may call them. */
export const serviceOnly: RequestHandler = (_req: Request, res, next) => {
  if (identityOf(res).kind !== 'service') throw new ForbiddenError({ code: 'SERVICE_ONLY', detail: '此介面僅供系統內部服務呼叫' });
  next();
};
