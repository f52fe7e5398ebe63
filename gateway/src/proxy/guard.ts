import type { Request } from 'express';
import type { DeviceIdentity, ServiceName } from '@webitr/contracts';
import { NotFoundError, currentContext } from '@webitr/platform';
import type { Gateway } from '../context.ts';
import { isWrite } from '../csrf.ts';
import { requestState } from '../http/request-state.ts';
import type { Forward } from './hop.ts';
import type { OperationTable, PublishedOperation } from './operations.ts';

/** A request for published operations of a service, before the session is read. */
export interface Resolved {
  service: ServiceName;
  /** Every published operation method and path match (the strictest rule among them applies). */
  operations: readonly PublishedOperation[];
  /** The path and query the service gets: the raw, canonical path without the gateway's prefix. */
  url: string;
}

const routeNotFound = (req: Request) =>
  new NotFoundError({ code: 'ROUTE_NOT_FOUND', detail: `沒有這個網址：${req.method} ${req.originalUrl.split('?')[0]}` });

/**
 * What a request to a service must pass, in order: a published operation
 * (before the session is read), then signed in, the CSRF token (writes), an
 * active person granted the app, the rule of the operation's access mark
 * (`admin`, `onsite`), the write rate limit; and then the assertion signed
 * for it: the person, for that service (audience), with the request's own ids.
 */
export class ProxyGuard {
  readonly #gateway: Gateway;
  readonly #table: OperationTable;

  constructor(gateway: Gateway, table: OperationTable) {
    this.#gateway = gateway;
    this.#table = table;
  }

  /** The operations a request under a service's prefix is for; ROUTE_NOT_FOUND if none is published. */
  resolve(service: ServiceName, prefix: string, req: Request): Resolved {
    // The edge has refused every path that is not canonical, so the raw path is the one decided on and sent.
    const url = req.originalUrl;
    const query = url.indexOf('?');
    const operations = this.#table.resolve(req.method, query === -1 ? url : url.slice(0, query));
    if (operations.length === 0) throw routeNotFound(req);
    return { service, operations, url: url.slice(prefix.length) };
  }

  /** Every operation matched is a machine's (`device`): admitted without a session (admitDevice). */
  isDeviceCall(resolved: Resolved): boolean {
    return resolved.operations.every((operation) => operation.access === 'device');
  }

  /**
   * A card machine's call: no session, no CSRF (no cookie is used for
   * anything); only from some onsite network, rate-limited per address; the
   * assertion says where it came from and no one's identity, and its
   * `Authorization` goes on for the service to check the device's key.
   */
  async admitDevice(req: Request, resolved: Resolved): Promise<Forward> {
    const { policy, rateLimits, signer } = this.#gateway;
    const { network, requestId } = requestState(req);
    policy.checkDevice(network);
    await rateLimits.device(network.address);
    const context = currentContext();
    const rid = context?.requestId ?? requestId;
    const cid = context?.correlationId ?? rid;
    const identity: DeviceIdentity = { kind: 'device', sub: 'device:unverified', zones: [...network.zones], ip: network.address };
    return {
      assertion: signer.signDevice(identity, resolved.service, { rid, cid }),
      rid,
      cid,
      url: resolved.url,
      idempotent: false,
      device: true,
    };
  }

  /** After the session is read: the checks, then what the hop sends. */
  async admit(req: Request, resolved: Resolved): Promise<Forward> {
    const { sessionGuard, csrf, access, policy, rateLimits, signer } = this.#gateway;
    const signedIn = await sessionGuard.require(req);
    csrf.check(req);
    const person = await access.entitledPerson(req, signedIn);
    const { network, requestId } = requestState(req);
    for (const operation of resolved.operations) policy.checkAccess(operation.access, network, person);
    if (isWrite(req)) await rateLimits.write(person.id);
    const context = currentContext();
    const rid = context?.requestId ?? requestId;
    const cid = context?.correlationId ?? rid;
    // One assertion per request: the service logs under the ids signed here, not under any header.
    const identity = {
      kind: 'person',
      sub: person.id,
      agencyId: person.agencyId,
      roles: person.roles,
      zone: network.zone,
      ip: network.address,
    } as const;
    return {
      assertion: signer.sign(identity, resolved.service, { rid, cid }),
      rid,
      cid,
      url: resolved.url,
      idempotent: resolved.operations.every((operation) => operation.idempotent),
    };
  }
}
