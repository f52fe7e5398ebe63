import type { Request } from 'express';
import type { Logger, Redis } from '@webitr/platform';
import type { PersonAssertionSigner, PersonAssertions } from './assertions.ts';
import type { PersonAccess } from './access/access.ts';
import type { People } from './access/people.ts';
import type { AuditInput, AuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Csrf } from './csrf.ts';
import { networkOf } from './http/request-state.ts';
import type { NetworkPolicy } from './network/policy.ts';
import type { RateLimits } from './rate-limit.ts';
import type { SessionCache } from './session/cache.ts';
import type { Invalidations } from './session/invalidations.ts';
import type { SessionGuard, SessionRegistry } from './session/sessions.ts';
import type { PortalRegistry } from './sso/portals.ts';

/** Everything the gateway's routes work with, built once at start. */
export interface Gateway {
  config: Config;
  logger: Logger;
  redis: Redis;
  clock: Clock;
  /** Signs the assertions that go with proxied requests (a machine's; a person's through `assertions`). */
  signer: PersonAssertionSigner;
  /** The person assertion of each session, service and network context, reused while fresh. */
  assertions: PersonAssertions;
  /** Sessions ended and people changed anywhere, heard by every instance (Redis pub/sub). */
  invalidations: Invalidations;
  /** Sessions as this instance last read them, for a few seconds. */
  sessionCache: SessionCache;
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
