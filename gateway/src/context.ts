import type { Request } from 'express';
import type { Logger, Redis } from '@webitr/platform';
import type { PersonAssertionSigner } from './assertions.ts';
import type { PersonAccess } from './access/access.ts';
import type { People } from './access/people.ts';
import type { AuditInput, AuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Csrf } from './csrf.ts';
import { networkOf } from './http/request-state.ts';
import type { NetworkPolicy } from './network/policy.ts';
import type { RateLimits } from './rate-limit.ts';
import type { SessionGuard, SessionRegistry } from './session/sessions.ts';
import type { PortalRegistry } from './sso/portals.ts';

/** Everything the gateway's routes work with, built once at start. */
export interface Gateway {
  config: Config;
  logger: Logger;
  redis: Redis;
  clock: Clock;
  /** Signs the person assertions that go with proxied requests. */
  signer: PersonAssertionSigner;
  portals: PortalRegistry;
  /** The directory's record of each person, cached. */
  people: People;
  /** Who may: active person, app permission, administrative roles, ending a person's sessions. */
  access: PersonAccess;
  sessions: SessionRegistry;
  sessionGuard: SessionGuard;
  audit: AuditLog;
  rateLimits: RateLimits;
  csrf: Csrf;
  policy: NetworkPolicy;
  cookieNames: { session: string; csrf: string };
  secureCookies: boolean;
}

/** An audit entry about this request: address and zone filled in. */
export function auditFor(req: Request, entry: Omit<AuditInput, 'address' | 'zone' | 'method' | 'path'>): AuditInput {
  const network = networkOf(req);
  return { ...entry, address: network.address, zone: network.zone, method: req.method, path: req.path };
}
