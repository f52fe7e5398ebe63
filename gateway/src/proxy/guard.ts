import type { Request } from 'express';
import type { DeviceIdentity, ServiceName } from '@webitr/contracts';
import { NotFoundError, currentContext } from '@webitr/platform';
import type { Gateway } from '../context.ts';
import { isWrite } from '../csrf.ts';
import { requestState } from '../http/request-state.ts';
import type { RequestState } from '../http/request-state.ts';
import { sessionKey } from '../session/store.ts';
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
 * (`admin`, `onsite`), the write rate limit; and then the person's
 * assertion for that service (audience): the session's, reused while fresh
 * (PersonAssertions). The request's own ids go beside it as headers.
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
    const state = requestState(req);
    const { network } = state;
    policy.checkDevice(network);
    await rateLimits.device(network.address);
    const identity: DeviceIdentity = { kind: 'device', sub: 'device:unverified', zones: [...network.zones], ip: network.address };
    return {
      // Signed for each call: machines call seldom, and no session ties two calls together.
      assertion: signer.signDevice(identity, resolved.service),
      ...idsOf(state),
      url: resolved.url,
      idempotent: false,
      device: true,
    };
  }

  /** After the session is read: the checks, then what the hop sends. */
  async admit(req: Request, resolved: Resolved): Promise<Forward> {
    const { sessionGuard, csrf, access, policy, rateLimits, assertions } = this.#gateway;
    const signedIn = await sessionGuard.require(req);
    csrf.check(req);
    const person = await access.entitledPerson(req, signedIn);
    const state = requestState(req);
    const { network } = state;
    for (const operation of resolved.operations) policy.checkAccess(operation.access, network, person);
    if (isWrite(req)) await rateLimits.write(person.id);
    // Read the cheap way, the session's key came with it; the full way (once a minute) works it out from the id.
    const key = state.sessionKey ?? sessionKey(req.sessionID);
    return {
      assertion: assertions.for(key, person, resolved.service, network),
      ...idsOf(state),
      url: resolved.url,
      idempotent: resolved.operations.every((operation) => operation.idempotent),
    };
  }
}

/** The request's ids as the gateway set them at the edge (the work's context, if it has moved on): never a client's. */
function idsOf(state: RequestState): { rid: string; cid: string } {
  const context = currentContext();
  const rid = context?.requestId ?? state.requestId;
  return { rid, cid: context?.correlationId ?? rid };
}
