import type { z } from 'zod';

/**
 * Who may reach an operation, which the gateway enforces (the operation
 * tables are the only place it is decided, so a new route cannot be left
 * out of the zone policy):
 * - `app`: anyone granted the app, from any zone the app is open to;
 * - `admin`: administration, only from the administration zones (ADMIN_ZONES);
 * - `onsite`: only from the person's own agency's onsite network (web punching);
 * - `device`: a machine, not a person (card machines pushing punches): the
 *   gateway forwards it without a session, only from some agency's onsite
 *   network and rate-limited per address, with a `kind: device` assertion
 *   naming the zones; the service authenticates the machine's own key and
 *   checks that the zone is its agency's;
 * - `internal`: services only; the gateway never forwards it.
 */
export type Access = 'app' | 'admin' | 'onsite' | 'device' | 'internal';
export const ACCESS_MARKS: readonly Access[] = ['app', 'admin', 'onsite', 'device', 'internal'];

/**
 * Where an operation is and who may reach it: one service's route table in
 * `@webitr/contracts` lists these; the service takes method and path from
 * there and adds its schemas, the gateway builds its policy from the same
 * tables.
 */
export interface Route {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path below the service's prefix, e.g. `/forms/:formId`; case-sensitive, no trailing slash. */
  path: string;
  access: Access;
  /**
   * A create that accepts an `Idempotency-Key` header: a retry with the same key answers the first result and writes nothing new.
   * Declared here, so the gateway knows which writes it may send again.
   */
  idempotent?: boolean;
}

/**
 * One HTTP operation described once with zod: the service validates requests
 * against it and the OpenAPI document is generated from it.
 */
export interface Operation extends Route {
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: { status: number; schema?: z.ZodType; description: string };
  /** The problem codes (besides validation and availability) it may answer; required in a service API's table (api/client.ts). */
  problems?: readonly string[];
}

/** A service's route table, checked for its shape where it is declared. */
export const routeTable = <const T extends Record<string, Route>>(routes: T): T => routes;

/** An operation's route: where it is, who may reach it, and whether a retry with its key is safe. */
type RouteOf<O extends Route> = Pick<O, 'operationId' | 'method' | 'path' | 'access'> & Pick<Route, 'idempotent'>;

/** The routes of an operation table (a service API's, with schemas), for its service's route table. */
export function routesOf<const T extends Record<string, Route>>(operations: T): { [K in keyof T]: RouteOf<T[K]> } {
  const routes: Record<string, Route> = {};
  for (const [name, { operationId, method, path, access, idempotent }] of Object.entries(operations))
    routes[name] = { operationId, method, path, access, ...(idempotent ? { idempotent } : {}) };
  return routes as { [K in keyof T]: RouteOf<T[K]> };
}
