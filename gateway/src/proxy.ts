import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type express from 'express';
import type { Request, Response, Router } from 'express';
import type { ServiceName } from '@webitr/contracts';
import { ASSERTION_HEADER, CORRELATION_ID_HEADER, IDEMPOTENCY_KEY_HEADER, NotFoundError, PUBLIC_PATH_HEADER, REQUEST_ID_HEADER, createRouter, currentContext, sendProblem } from '@webitr/platform';
import type { Gateway } from './context.ts';
import { networkOf } from './context.ts';
import { entitledPerson } from './api.ts';
import { isWrite } from './csrf.ts';
import { sequence } from './http/sequence.ts';
import { OperationTable } from './operations.ts';
import type { PublishedOperation } from './operations.ts';

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

/** Headers of one connection, not of the message (RFC 9110 §7.6.1); the framing (transfer-encoding) is node's to choose on each side. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256, maxFreeSockets: 256, keepAliveMsecs: 10_000, scheduling: 'lifo' } as const;
const PROXY_TIMEOUT_MS = 30_000;
/** A request body larger than this is not kept for a second attempt (JSON forms are far smaller; large uploads are not retried). */
const RETRY_BODY_LIMIT = 1024 * 1024;

/**
 * Headers a client may send that must never reach a service: its identity is
 * the gateway's signed assertion and nothing else; the session and CSRF
 * cookies and tokens are the gateway's business; forwarding headers and ids
 * are set by the gateway. Hop-by-hop headers are the connection's, not the
 * request's (the agent keeps its own connections to the services alive).
 */
const STRIPPED = new Set([
  'cookie',
  'authorization',
  ASSERTION_HEADER,
  'x-csrf-token',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'forwarded',
  'x-real-ip',
  REQUEST_ID_HEADER,
  CORRELATION_ID_HEADER,
  // A request body sent chunked stays chunked: node frames what is piped through by this header.
  ...HOP_BY_HOP.filter((name) => name !== 'transfer-encoding'),
  'host',
]);

/** What the guard hands the proxy for one request. */
interface Forward {
  assertion: string;
  rid: string;
  cid: string;
  /** The path and query the service gets: exactly the canonical path the gateway decided on, without the prefix. */
  url: string;
}

/** The operations of the service routes, by the services' route tables. */
export function operationTable(config: Gateway['config']): OperationTable {
  return new OperationTable(Object.fromEntries(serviceRoutes(config).map((r) => [r.service, r.prefix])) as Record<ServiceName, string>);
}

const routeNotFound = (req: Request) => new NotFoundError({ code: 'ROUTE_NOT_FOUND', detail: `沒有這個網址：${req.method} ${req.originalUrl.split('?')[0]}` });

/**
 * Each service's API behind the gateway: only the operations its route table
 * publishes (an allow-list; anything else, `/internal/*` included, is 404);
 * the person must be signed in, active and granted the app; operations marked
 * admin or onsite have their network rules; writes need the CSRF token and
 * count against the write rate limit. The request then goes on with an
 * assertion signed for it: the person, for that service (audience), with the
 * request's own ids.
 */
export function proxyRoutes(gateway: Gateway, session: express.RequestHandler, table: OperationTable = operationTable(gateway.config)): { router: Router; close: () => void } {
  const router = createRouter();
  const agents = { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) };
  const { policy, csrf, rateLimits, signer, logger } = gateway;

  for (const route of serviceRoutes(gateway.config)) {
    // Before the session is read: a request for no published operation goes no further.
    const resolve = (req: Request, res: Response, next: (err?: unknown) => void) => {
      // The edge has refused every path that is not canonical, so the raw path is the one decided on and sent.
      const url = req.originalUrl;
      const query = url.indexOf('?');
      const path = query === -1 ? url : url.slice(0, query);
      const operations = table.resolve(req.method, path);
      if (operations.length === 0) throw routeNotFound(req);
      res.locals.operations = operations;
      res.locals.serviceUrl = url.slice(route.prefix.length);
      next();
    };
    const guard = async (req: Request, res: Response, next: (err?: unknown) => void) => {
      const signedIn = await gateway.guard.require(req, res);
      csrf.check(req);
      const { person } = await entitledPerson(gateway, req, res);
      const network = networkOf(res);
      for (const operation of res.locals.operations as PublishedOperation[]) policy.checkAccess(operation.access, network, person);
      if (isWrite(req)) await rateLimits.write(person.id);
      const context = currentContext();
      const rid = context?.requestId ?? String(res.locals.requestId);
      const cid = context?.correlationId ?? rid;
      // One assertion per request: the service logs under the ids signed here, not under any header.
      const identity = { kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles, zone: network.zone, ip: network.address } as const;
      const forward: Forward = { assertion: signer.sign(identity, route.service, { rid, cid }), rid, cid, url: res.locals.serviceUrl as string };
      res.locals.forward = forward;
      res.locals.personId = signedIn.id;
      next();
    };
    const proxy = serviceProxy(route, agents, logger);
    router.use(route.prefix, sequence(resolve, session, guard, proxy));
  }
  return {
    router,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * The hop to one service, on node:http with keep-alive agents: the path below
 * the prefix (as the guard decided on it) under the
 * service's URL; the request's headers without the stripped ones, with the
 * service's host and the gateway's assertion and ids; the body streamed
 * through untouched; the answer streamed back without cookies. In place of
 * http-proxy-middleware, whose general-purpose machinery (options per request,
 * a chain of header passes, debug logging) cost more per request than the hop.
 */
function serviceProxy(route: Route, agents: { http: HttpAgent; https: HttpsAgent }, logger: Gateway['logger']): express.RequestHandler {
  const target = new URL(route.target);
  const https = target.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const agent = https ? agents.https : agents.http;
  const base = target.pathname.replace(/\/$/, '');
  const host = target.host;
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = target.port || (https ? 443 : 80);

  const unreachable = (err: Error, req: Request, res: Response) => {
    logger.warn({ err: err.message, service: route.service, url: req.originalUrl }, 'service unreachable');
    if (res.headersSent) return void res.destroy();
    sendProblem(res, {
      type: 'urn:webitr:problem:service-unreachable',
      title: '系統暫時無法提供服務，請稍後再試',
      status: 502,
      code: 'SERVICE_UNREACHABLE',
      detail: `${route.service} 服務暫時無法連線。`,
    });
  };

  return (req, res) => {
    const forward = res.locals.forward as Forward;
    const headers: OutgoingHttpHeaders = { host };
    const incoming = req.headers;
    for (const name in incoming) {
      if (!STRIPPED.has(name)) headers[name] = incoming[name];
    }
    headers[ASSERTION_HEADER] = forward.assertion;
    // The same ids as the assertion's, for what the service logs before it has verified the assertion.
    headers[REQUEST_ID_HEADER] = forward.rid;
    headers[CORRELATION_ID_HEADER] = forward.cid;
    // The URL the client called, for the `instance` of the service's problems (whatever a client sent under this name is replaced).
    headers[PUBLIC_PATH_HEADER] = req.originalUrl;
    const path = base + forward.url;
    const hasBody = !(req.readableEnded || (incoming['content-length'] === undefined && incoming['transfer-encoding'] === undefined));
    // Sending again is safe for a read, and for a write the client keyed (the service answers a repeat with the first result).
    const retryable = req.method === 'GET' || req.method === 'HEAD' || incoming[IDEMPOTENCY_KEY_HEADER] !== undefined;
    let kept: Buffer[] | undefined;
    if (retryable && hasBody) {
      kept = [];
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > RETRY_BODY_LIMIT) kept = undefined;
        else kept?.push(chunk);
      });
    }
    let answered = false;
    let upstream: ClientRequest;

    const attempt = (again: boolean) => {
      const call = send({ hostname, port, method: req.method, path, headers, agent, timeout: PROXY_TIMEOUT_MS });
      upstream = call;
      call.on('response', (answer: IncomingMessage) => {
        answered = true;
        const out: OutgoingHttpHeaders = {};
        const received = answer.headers;
        for (const name in received) {
          // Services never set cookies on the gateway's origin.
          if (name !== 'set-cookie' && !HOP_BY_HOP.includes(name)) out[name] = received[name];
        }
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      });
      call.on('timeout', () => call.destroy(new Error(`no answer within ${PROXY_TIMEOUT_MS / 1000} s`)));
      call.on('error', (err: NodeJS.ErrnoException) => {
        // Mid-answer, or the client has gone: nothing to say to anyone.
        if (answered || res.destroyed || res.writableEnded) return void res.destroy();
        // A kept-alive connection the service closed (a restart, a drain) just as this request went out on it: once more on a new one, when that is safe.
        if (!again && retryable && call.reusedSocket && err.code === 'ECONNRESET' && (!hasBody || kept)) {
          logger.info({ service: route.service, url: req.originalUrl }, 'connection to the service reset before any answer; sending the request again on a new one');
          if (!hasBody || req.readableEnded) return attempt(true);
          req.once('end', () => (kept ? attempt(true) : unreachable(err, req, res)));
          // The pipe to the failed call has let go of the body: read the rest into `kept`.
          return void req.resume();
        }
        unreachable(err, req, res);
      });
      if (!hasBody) call.end();
      else if (again) call.end(Buffer.concat(kept!));
      else req.pipe(call);
    };

    // The client went away first: so does the call to the service.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    attempt(false);
  };
}
