import type { Request, RequestHandler, Response } from 'express';
import type { IdentityClaims, PersonIdentity, RoleName } from '@webitr/contracts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { ASSERTION_HEADER } from './assertion.ts';
import type { AssertionVerifier } from './assertion.ts';

/**
 * Refuse every request without a valid identity assertion; put the verified
 * identity where routes read it (`identityOf`). Mounted before a service's
 * routes, so no route can forget it. Health endpoints stay open.
 */
export function requireAssertion(verifier: AssertionVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers[ASSERTION_HEADER];
    res.locals.identity = await verifier.verify(typeof header === 'string' ? header : undefined);
    next();
  };
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

/** Does the person hold `role` in `agencyId` (system administrators: everywhere)? */
export function hasRole(person: PersonIdentity, role: RoleName, agencyId: string): boolean {
  return person.roles.some((r) => r.role === 'system-admin' || (r.role === role && r.agencyId === agencyId));
}

/** Route guard for internal APIs: only other services may call them. */
export const serviceOnly: RequestHandler = (_req: Request, res, next) => {
  if (identityOf(res).kind !== 'service') throw new ForbiddenError({ code: 'SERVICE_ONLY', detail: '此介面僅供系統內部服務呼叫' });
  next();
};
