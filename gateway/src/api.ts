import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { PersonSummary, RoleName } from '@webitr/contracts';
import { ForbiddenError, createRouter, parseInput } from '@webitr/platform';
import type { Gateway } from './context.ts';
import { auditFor, networkOf } from './context.ts';
import { appNotGranted, inactivePerson } from './people.ts';
import type { EndReason, SignedInPerson } from './session/sessions.ts';

export interface ActivePerson {
  signedIn: SignedInPerson;
  person: PersonSummary;
}

/** Forget this request's own session so express-session does not write it back. */
const dropCurrentSession = (req: Request) => new Promise<void>((resolve) => req.session.destroy(() => resolve()));

/** End every session of a person; if that includes this request's, drop it too. */
export async function endSessionsOf(gateway: Gateway, req: Request, personId: string, reason: EndReason): Promise<number> {
  const ended = await gateway.sessions.endPerson(personId, reason);
  if (req.session?.person?.id === personId) await dropCurrentSession(req);
  return ended;
}

/**
 * The signed-in person as the directory knows them now (cached; directory
 * events drop the cache). A person who has since separated or been suspended
 * is refused, and all their sessions end.
 */
export async function activePerson(gateway: Gateway, req: Request, res: Response): Promise<ActivePerson> {
  const signedIn = await gateway.guard.require(req, res);
  const person = await gateway.people.current(signedIn.id);
  const inactive = inactivePerson(person);
  if (inactive) {
    await endSessionsOf(gateway, req, person.id, 'person-inactive');
    throw inactive;
  }
  return { signedIn, person };
}

/** Signed in, active, and granted the app. */
export async function entitledPerson(gateway: Gateway, req: Request, res: Response): Promise<ActivePerson> {
  const active = await activePerson(gateway, req, res);
  if (!gateway.people.isEntitled(active.person)) throw appNotGranted(active.person);
  return active;
}

const holds = (person: PersonSummary, role: RoleName, agencyId: string) => person.roles.some((r) => r.role === 'system-admin' || (r.role === role && r.agencyId === agencyId));
const isSystemAdmin = (person: PersonSummary) => person.roles.some((r) => r.role === 'system-admin');

const adminRoleRequired = (detail: string) => new ForbiddenError({ code: 'ADMIN_ROLE_REQUIRED', title: '您沒有管理此項目的權限', detail });

/** The gateway's own API: who am I, ending sessions, the portals, the audit log. */
export function apiRoutes(gateway: Gateway): Router {
  const router = createRouter();
  const { people, portals, csrf, audit, policy, config } = gateway;

  router.get('/api/portals', (_req, res) => {
    res.json({ items: portals.all.map((p) => ({ id: p.config.id, name: p.config.name })), default: portals.defaultPortal });
  });

  router.get('/api/me', async (req, res) => {
    const { signedIn, person } = await activePerson(gateway, req, res);
    const network = networkOf(res);
    const lastSeen = req.session.lastSeenAt ?? signedIn.signedInAt;
    const portal = portals.all.find((p) => p.config.id === signedIn.portal);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      id: person.id,
      name: person.name,
      agency: { id: person.agencyId, name: person.agencyName },
      unit: { id: person.unitId, name: person.unitName },
      title: person.title,
      status: person.status,
      roles: person.roles,
      apps: person.apps,
      entitled: people.isEntitled(person),
      portal: { id: signedIn.portal, name: portal?.config.name ?? signedIn.portal },
      network: { zone: network.zone, zones: network.zones, address: network.address },
      session: {
        signedInAt: new Date(signedIn.signedInAt).toISOString(),
        idleExpiresAt: new Date(lastSeen + config.SESSION_IDLE_MINUTES * 60_000).toISOString(),
        absoluteExpiresAt: new Date(signedIn.signedInAt + config.SESSION_ABSOLUTE_HOURS * 3_600_000).toISOString(),
      },
      csrfToken: csrf.token(req, res),
    });
  });

  // 登出所有裝置: the person ends every session of theirs, this one included.
  router.post('/api/me/sessions/end', async (req, res) => {
    const signedIn = await gateway.guard.require(req, res);
    csrf.check(req);
    const ended = await endSessionsOf(gateway, req, signedIn.id, 'ended-by-self');
    await audit.record(auditFor(res, req, { type: 'sessions-ended', personId: signedIn.id, portal: signedIn.portal, reason: 'ended-by-self', detail: { sessions: ended } }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ended });
  });

  // An agency administrator (of that person's agency) or a system administrator ends all sessions of a person.
  router.post('/api/admin/people/:personId/sessions/end', async (req, res) => {
    const { person: admin } = await entitledPerson(gateway, req, res);
    policy.checkAdmin(networkOf(res));
    csrf.check(req);
    const { personId } = parseInput(z.object({ personId: z.string().min(1).max(64) }), req.params, 'params');
    const target = await people.current(personId);
    if (!holds(admin, 'agency-admin', target.agencyId)) throw adminRoleRequired(`只有${target.agencyName}的機關管理員或系統管理者可以結束此人員的登入。`);
    const ended = await endSessionsOf(gateway, req, target.id, 'ended-by-admin');
    await audit.record(auditFor(res, req, { type: 'admin-action', personId: admin.id, reason: 'end-sessions', targetPersonId: target.id, detail: { sessions: ended, agencyId: target.agencyId } }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ended });
  });

  // The audit log, for system administrators.
  router.get('/api/admin/audit', async (req, res) => {
    const { person: admin } = await entitledPerson(gateway, req, res);
    policy.checkAdmin(networkOf(res));
    if (!isSystemAdmin(admin)) throw adminRoleRequired('只有系統管理者可以查閱閘道器稽核紀錄。');
    const query = parseInput(
      z.object({
        personId: z.string().max(64).optional(),
        type: z.enum(['sign-in', 'sign-in-refused', 'sign-out', 'sessions-ended', 'refused', 'admin-action']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      req.query,
      'query',
    );
    const items = await audit.find(query);
    await audit.record(auditFor(res, req, { type: 'admin-action', personId: admin.id, reason: 'read-audit-log', detail: { ...query } }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items });
  });

  return router;
}
