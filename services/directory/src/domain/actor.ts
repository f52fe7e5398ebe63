import type { IdentityClaims, ScopedRole } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';

/**
 * Who is doing something, as the identity assertion says (a person through the
 * gateway, another service) or the service itself (the demo seed).
 */
export type Actor =
  | { kind: 'person'; id: string; agencyId: string; roles: ScopedRole[]; zone: string; ip?: string }
  | { kind: 'service'; id: string }
  | { kind: 'system'; id: string };

export function actorFrom(identity: IdentityClaims): Actor {
  if (identity.kind === 'service') return { kind: 'service', id: identity.sub };
  // The directory has no operation for machines (the gateway forwards them only to operations marked `device`).
  if (identity.kind === 'device') throw new ForbiddenError({ code: 'PERSON_REQUIRED', detail: '此作業須由人員執行' });
  return {
    kind: 'person',
    id: identity.sub,
    agencyId: identity.agencyId,
    roles: identity.roles,
    zone: identity.zone,
    ...(identity.ip ? { ip: identity.ip } : {}),
  };
}

export const SEED_ACTOR: Actor = { kind: 'system', id: 'system:demo-seed' };

/** The directory acting on its own events (repairs a writer did not finish). */
export const DIRECTORY_ACTOR: Actor = { kind: 'system', id: 'system:directory' };
