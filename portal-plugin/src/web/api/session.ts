// Who is signed in (GET /api/me), as the shell decides what to show: the
// app, the signed-out view, or a refusal in words.
import type { ApiClient } from './client.ts';
import { isProblem } from './problem.ts';
import type { ProblemError } from './problem.ts';

/** GET /api/me, as the gateway answers it (gateway/src/api.ts). */
export interface Me {
  id: string;
  name: string;
  agency: { id: string; name: string };
  unit?: { id?: string; name?: string };
  title?: string;
  status?: string;
  roles: { role: string; agencyId: string }[];
  apps: string[];
  entitled: boolean;
  portal: { id: string; name: string };
  network: { zone: string; zones: string[]; address: string };
  session: { signedInAt: string; idleExpiresAt: string; absoluteExpiresAt: string };
  csrfToken: string;
}

export interface PortalLink {
  id: string;
  name: string;
}

export type Session =
  | { kind: 'signed-in'; me: Me }
  /** No session, or one that ended (SESSION_EXPIRED, SESSION_REVOKED: the problem says which). */
  | { kind: 'signed-out'; problem?: ProblemError }
  /** Signed in but refused: not granted the app, wrong network, separated, unknown person. */
  | { kind: 'refused'; problem: ProblemError };

export const SESSION_KEY = ['session'] as const;

/**
 * The session as the shell needs it. A refusal is an answer, not an error;
 * only a failure worth retrying (network, a dependency down) is thrown, so
 * the shell offers 重試.
 */
export async function loadSession(api: ApiClient): Promise<Session> {
  try {
    const me = await api.get<Me>('/api/me');
    api.csrfToken = me.csrfToken;
    return { kind: 'signed-in', me };
  } catch (error) {
    if (!isProblem(error) || error.retryable) throw error;
    api.csrfToken = undefined;
    if (error.unauthenticated) return { kind: 'signed-out', ...(error.code === 'UNAUTHENTICATED' ? {} : { problem: error }) };
    return { kind: 'refused', problem: error };
  }
}

/** The portals one may sign in through (GET /api/portals), each link returning to `returnTo`. */
export async function loadPortals(api: ApiClient): Promise<PortalLink[]> {
  return (await api.get<{ items: PortalLink[] }>('/api/portals')).items ?? [];
}

export const signInHref = (portal: PortalLink, returnTo: string): string =>
  `/sso/${encodeURIComponent(portal.id)}?return_to=${encodeURIComponent(returnTo)}`;
