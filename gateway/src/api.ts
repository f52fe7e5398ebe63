import type { Router } from 'express';
import { z } from 'zod';
import { auditQuery, maskIpAddress, rolesAllow } from '@webitr/contracts';
import type { AuditPage } from '@webitr/contracts';
import { createRouter, parseInput } from '@webitr/platform';
import type { People } from './access/people.ts';
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

  // 稽核紀錄: the audit log, for system administrators (DIRECTORY_PERMISSIONS' view-audit-log), filtered and paged.
  router.get('/api/admin/audit', async (req, res) => {
    const admin = await access.entitledPerson(req, await sessionGuard.require(req));
    policy.checkAdmin(networkOf(req));
    if (!rolesAllow(admin.roles, 'view-audit-log', admin.agencyId)) throw adminRoleRequired('只有系統管理者可以查閱閘道器稽核紀錄。');
    const query = parseInput(auditQuery, req.query, 'query');
    const { entries, total } = await audit.search(query);
    const names = await namesOf(
      people,
      entries.flatMap((e) => [e.personId, e.targetPersonId]),
    );
    // Reading the log is itself an administrative action.
    await audit.record(auditFor(req, { type: 'admin-action', personId: admin.id, reason: 'read-audit-log', detail: { ...query } }));
    const page: AuditPage = {
      items: entries.map((e) => ({
        id: e._id,
        at: e.at.toISOString(),
        type: e.type,
        ...(e.personId ? { personId: e.personId, personName: names.get(e.personId) } : {}),
        ...(e.targetPersonId ? { targetPersonId: e.targetPersonId } : {}),
        ...(e.portal ? { portal: e.portal } : {}),
        // Stored whole (a security record); shown to the network only.
        address: maskIpAddress(e.address),
        zone: e.zone,
        ...(e.method ? { method: e.method } : {}),
        ...(e.path ? { path: e.path } : {}),
        ...(e.reason ? { reason: e.reason } : {}),
        ...(e.requestId ? { requestId: e.requestId } : {}),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });

  return router;
}

/** The names of the people on a page of the log (the directory's cached records); someone it no longer knows stays an id. */
async function namesOf(people: People, ids: (string | undefined)[]): Promise<Map<string, string>> {
  const distinct = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const found = await Promise.all(
    distinct.map((id) =>
      people.current(id).then(
        (p) => p.name,
        () => undefined,
      ),
    ),
  );
  return new Map(distinct.flatMap((id, i) => (found[i] ? [[id, found[i]] as [string, string]] : [])));
}
