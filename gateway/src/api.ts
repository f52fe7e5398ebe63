import type { Router } from 'express';
import { z } from 'zod';
import { createRouter, parseInput } from '@webitr/platform';
import { adminRoleRequired } from './access/refusals.ts';
import type { Gateway } from './context.ts';
import { auditFor } from './context.ts';
import { networkOf } from './http/request-state.ts';

/** The gateway's own API: who am I, ending sessions, the portals, the audit log. */
export function apiRoutes(gateway: Gateway): Router {
  const router = createRouter();
  const { people, access, sessionGuard, portals, csrf, audit, policy, config } = gateway;

  router.get('/api/portals', (_req, res) => {
    res.json({ items: portals.all.map((p) => ({ id: p.config.id, name: p.config.name })), default: portals.defaultPortal });
  });

  router.get('/api/me', async (req, res) => {
    const signedIn = await sessionGuard.require(req);
    const person = await access.activePerson(req, signedIn);
    const network = networkOf(req);
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
      entitled: access.isEntitled(person),
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
    const signedIn = await sessionGuard.require(req);
    csrf.check(req);
    const ended = await access.endSessionsOf(req, signedIn.id, 'ended-by-self');
    await audit.record(
      auditFor(req, {
        type: 'sessions-ended',
        personId: signedIn.id,
        portal: signedIn.portal,
        reason: 'ended-by-self',
        detail: { sessions: ended },
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ended });
  });

  // An agency administrator (of that person's agency) or a system administrator ends all sessions of a person.
  router.post('/api/admin/people/:personId/sessions/end', async (req, res) => {
    const admin = await access.entitledPerson(req, await sessionGuard.require(req));
    policy.checkAdmin(networkOf(req));
    csrf.check(req);
    const { personId } = parseInput(z.object({ personId: z.string().min(1).max(64) }), req.params, 'params');
    const target = await people.current(personId);
    if (!access.holds(admin, 'agency-admin', target.agencyId))
      throw adminRoleRequired(`只有${target.agencyName}的機關管理員或系統管理者可以結束此人員的登入。`);
    const ended = await access.endSessionsOf(req, target.id, 'ended-by-admin');
    await audit.record(
      auditFor(req, {
        type: 'admin-action',
        personId: admin.id,
        reason: 'end-sessions',
        targetPersonId: target.id,
        detail: { sessions: ended, agencyId: target.agencyId },
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ended });
  });

  // The audit log, for system administrators.
  router.get('/api/admin/audit', async (req, res) => {
    const admin = await access.entitledPerson(req, await sessionGuard.require(req));
    policy.checkAdmin(networkOf(req));
    if (!access.isSystemAdmin(admin)) throw adminRoleRequired('只有系統管理者可以查閱閘道器稽核紀錄。');
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
    await audit.record(auditFor(req, { type: 'admin-action', personId: admin.id, reason: 'read-audit-log', detail: { ...query } }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items });
  });

  return router;
}
