// Which writes are creates that take an Idempotency-Key: read from the
// services' route tables in @webitr/contracts, so a new idempotent create
// gets its key without touching the app.
import type { Route } from '@webitr/contracts/api/operation';
import { SERVICE_ROUTES } from '@webitr/contracts/api/services';
import type { ServiceName } from '@webitr/contracts/api/services';

/** Where the gateway publishes each service (gateway/src/proxy/routes.ts). */
export const SERVICE_PREFIXES: Readonly<Record<ServiceName, string>> = {
  leave: '/api/leave',
  approval: '/api/approvals',
  'punch-card-ingest': '/api/attendance',
  notification: '/api/notifications',
  directory: '/api/directory',
};

const pathPattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);

const ROUTES: { method: string; pattern: RegExp; route: Route }[] = Object.entries(SERVICE_ROUTES).flatMap(([service, routes]) =>
  Object.values(routes).map((route) => ({
    method: route.method.toUpperCase(),
    pattern: pathPattern(SERVICE_PREFIXES[service as ServiceName] + route.path),
    route,
  })),
);

/** The published route a request goes to, if any (method and path at the gateway, e.g. POST /api/leave/forms/leave). */
export function routeOf(method: string, url: string): Route | undefined {
  const path = url.split(/[?#]/)[0]!;
  return ROUTES.find((r) => r.method === method.toUpperCase() && r.pattern.test(path))?.route;
}

export const isIdempotentCreate = (method: string, url: string): boolean => routeOf(method, url)?.idempotent === true;
