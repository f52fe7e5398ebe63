import type express from 'express';
import type { Request, Response, Router } from 'express';
import type { ServiceName } from '@webitr/contracts';
import { createRouter, METRICS_ROUTE } from '@webitr/platform';
import type { Gateway } from '../context.ts';
import { auditFor } from '../context.ts';
import { isWrite } from '../csrf.ts';
import { requestState } from '../http/request-state.ts';
import { ProxyGuard } from './guard.ts';
import type { Resolved } from './guard.ts';
import { ServiceHops } from './hop.ts';
import { OperationTable } from './operations.ts';

export interface Route {
  /** Path prefix at the gateway; stripped before the request goes on. */
  prefix: string;
  /** The service (the assertion's audience; its route table in @webitr/contracts). */
  service: ServiceName;
  target: string;
}

export function serviceRoutes(config: Gateway['config']): Route[] {
  return [
    { prefix: '/api/leave', service: 'leave', target: config.LEAVE_URL },
    { prefix: '/api/approvals', service: 'approval', target: config.APPROVAL_URL },
    { prefix: '/api/attendance', service: 'punch-card-ingest', target: config.PUNCH_CARD_INGEST_URL },
    { prefix: '/api/notifications', service: 'notification', target: config.NOTIFICATION_URL },
    { prefix: '/api/directory', service: 'directory', target: config.DIRECTORY_URL },
  ];
}

/** The operations of the service routes, by the services' route tables. */
export function operationTable(config: Gateway['config']): OperationTable {
  return new OperationTable(Object.fromEntries(serviceRoutes(config).map((r) => [r.service, r.prefix])) as Record<ServiceName, string>);
}

/**
 * Each service's API behind the gateway, one router layer per service
 * prefix: the guard resolves the published operation before the session is
 * read (anything else, `/internal/*` included, is 404), `session` reads it,
 * the guard admits the request (guard.ts), and the hop sends it on (hop.ts).
 * A card machine's operation (`device`) has no session: the guard admits it
 * on its network and rate alone, and the service checks the machine's key.
 * What the guard decided goes to the hop as a value, not through request
 * state.
 */
export function proxyRoutes(
  gateway: Gateway,
  session: express.RequestHandler,
  table: OperationTable = operationTable(gateway.config),
): { router: Router; close: () => void } {
  const router = createRouter();
  const guard = new ProxyGuard(gateway, table);
  const hops = new ServiceHops(gateway.logger);

  for (const route of serviceRoutes(gateway.config)) {
    const hop = hops.to(route.service, route.target);
    router.use(route.prefix, (req, res, next) => {
      // Thrown here (404), before the session is read: a request for no published operation goes no further.
      const resolved = guard.resolve(route.service, route.prefix, req);
      // The operation's pattern (`/api/leave/forms/:formId`), not the path: the metrics' route label and the span's name.
      res.locals[METRICS_ROUTE] = resolved.operations[0]!.path;
      // A card machine has no session to read.
      if (guard.isDeviceCall(resolved)) {
        guard
          .admitDevice(req, resolved)
          .then((forward) => hop(req, res, forward))
          .catch((error: unknown) => next(error ?? new Error('Rejected promise')));
        return;
      }
      session(req, res, (err?: unknown) => {
        if (err !== undefined) return next(err);
        guard
          .admit(req, resolved)
          .then((forward) => {
            auditAdministration(gateway, req, res, resolved);
            return hop(req, res, forward);
          })
          .catch((error: unknown) => next(error ?? new Error('Rejected promise')));
      });
    });
  }
  return { router, close: () => hops.close() };
}

/**
 * 稽核: an administrative change the service carried out (an `admin`
 * operation that writes, answered below 400) is an `admin-action` in the
 * audit log, named by its operation id; what was refused or invalid is the
 * service's to answer and log. Written after the answer, off its path.
 */
function auditAdministration(gateway: Gateway, req: Request, res: Response, resolved: Resolved): void {
  if (!isWrite(req)) return;
  const operation = resolved.operations.find((o) => o.access === 'admin');
  if (!operation) return;
  const person = requestState(req).person;
  const entry = {
    ...auditFor(req, { type: 'admin-action', personId: person?.id, portal: person?.portal, reason: operation.operationId }),
    // The path at the gateway (this router is mounted at the service's prefix, which req.path leaves out).
    path: req.baseUrl + req.path,
  } as const;
  res.once('finish', () => {
    if (res.statusCode < 400) void gateway.audit.record({ ...entry, detail: { status: res.statusCode } });
  });
}
