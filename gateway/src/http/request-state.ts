import type { IncomingMessage } from 'node:http';
import type { NetworkContext } from '../network/zones.ts';
import type { SignedInPerson } from '../signed-in-person.ts';

/**
 * What the gateway's middleware learn about one request and hand on to the
 * ones after them (the routes, the proxy, the error handler's audit line):
 * typed, and nothing else, in place of Express's untyped `res.locals`.
 */
export interface RequestState {
  /** The gateway's own id for the request (the edge's; clients' ids are not believed). */
  readonly requestId: string;
  /** The client address and its network zones. */
  readonly network: NetworkContext;
  /** The signed-in person, once the session is read and current (session guard, or the services' cheap read). */
  person?: SignedInPerson;
  /** The key of that person's session (a hash of its id), when it was read the cheap way: what the assertions are kept under. */
  sessionKey?: string;
  /** The session presented was past its idle or absolute timeout (and was replaced by an empty one). */
  sessionExpired?: boolean;
  /** Whom a refusal is about when there is no signed-in person (a sign-in): for the audit log. */
  personId?: string;
  /** The portal a sign-in or a back-channel logout is for: for the audit log. */
  portal?: string;
}

// Keyed by the request object, which is node's IncomingMessage and Express's Request alike (the access log sees the former).
const states = new WeakMap<IncomingMessage, RequestState>();

/** The edge starts each request's state; every later middleware reads it. */
export function startRequestState(req: IncomingMessage, requestId: string, network: NetworkContext): RequestState {
  const state: RequestState = { requestId, network };
  states.set(req, state);
  return state;
}

/** The request's state; the edge has started it for every request that reaches the gateway's middleware. */
export function requestState(req: IncomingMessage): RequestState {
  const state = states.get(req);
  if (!state) throw new Error('no request state: the edge middleware did not run for this request');
  return state;
}

/** The request's state if the edge has started it (the access log and the error handler see every request). */
export const requestStateIfAny = (req: IncomingMessage): RequestState | undefined => states.get(req);

export const networkOf = (req: IncomingMessage): NetworkContext => requestState(req).network;
