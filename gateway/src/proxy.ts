import { Agent } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Request, Response, Router } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { ASSERTION_HEADER, CORRELATION_ID_HEADER, NotFoundError, REQUEST_ID_HEADER, currentContext, sendProblem } from '@webitr/platform';
import type { Gateway } from './context.ts';
import { networkOf } from './context.ts';
import { entitledPerson } from './api.ts';
import { isWrite } from './csrf.ts';

export interface Route {
  /** Path prefix at the gateway; stripped before the request goes on. */
  prefix: string;
  /** The service (the assertion's audience). */
  service: string;
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

/**
 * Headers a client may send that must never reach a service: its identity is
 * the gateway's signed assertion and nothing else; the session and CSRF
 * cookies and tokens are the gateway's business; forwarding headers and ids
 * are set by the gateway.
 */
const STRIPPED = ['cookie', 'authorization', ASSERTION_HEADER, 'x-csrf-token', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded', 'x-real-ip', REQUEST_ID_HEADER, CORRELATION_ID_HEADER];

/**
 * Each service's API behind the gateway: the person must be signed in, active
 * and granted the app; administration and web punching have their network
 * rules; writes need the CSRF token and count against the write rate limit.
 * The request then goes on with a fresh assertion (audience = the service).
 */
export function proxyRoutes(gateway: Gateway): { router: Router; close: () => void } {
  const router = express.Router();
  const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });
  const { policy, csrf, rateLimits, signer, logger } = gateway;

  for (const route of serviceRoutes(gateway.config)) {
    const guard = async (req: Request, res: Response, next: (err?: unknown) => void) => {
      // Internal APIs are for services only, never reachable from outside.
      if (/^\/internal(\/|$)/.test(req.path)) throw new NotFoundError({ code: 'ROUTE_NOT_FOUND', detail: `沒有這個網址：${req.method} ${req.originalUrl.split('?')[0]}` });
      const signedIn = await gateway.guard.require(req, res);
      csrf.check(req);
      const { person } = await entitledPerson(gateway, req, res);
      const network = networkOf(res);
      const fullPath = `${route.prefix}${req.path === '/' ? '' : req.path}`;
      if (policy.isAdminPath(fullPath)) policy.checkAdmin(network);
      if (policy.isWebPunchPath(fullPath)) policy.checkWebPunch(network, person.agencyId, person.agencyName);
      if (isWrite(req)) await rateLimits.write(person.id);
      const context = currentContext();
      const rid = context?.requestId ?? String(res.locals.requestId);
      const cid = context?.correlationId ?? rid;
      res.locals.forward = {
        assertion: signer.sign({ kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles, zone: network.zone, ip: network.address, rid, cid }, route.service),
        rid,
        cid,
      };
      res.locals.personId = signedIn.id;
      next();
    };
    const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: route.target,
      changeOrigin: true,
      xfwd: false,
      agent,
      proxyTimeout: 30_000,
      on: {
        proxyReq: (proxyReq, _req, res) => {
          for (const header of STRIPPED) proxyReq.removeHeader(header);
          const forward = (res as unknown as { locals: { forward: { assertion: string; rid: string; cid: string } } }).locals.forward;
          proxyReq.setHeader(ASSERTION_HEADER, forward.assertion);
          proxyReq.setHeader(REQUEST_ID_HEADER, forward.rid);
          proxyReq.setHeader(CORRELATION_ID_HEADER, forward.cid);
        },
        proxyRes: (proxyRes) => {
          // Services never set cookies on the gateway's origin.
          delete proxyRes.headers['set-cookie'];
        },
        error: (err, req, res) => {
          logger.warn({ err: err.message, service: route.service, url: req.url }, 'service unreachable');
          if (!('setHeader' in res) || res.headersSent) return void (res as { destroy?: () => void }).destroy?.();
          sendProblem(res as unknown as Response, {
            type: 'urn:webitr:problem:service-unreachable',
            title: '系統暫時無法提供服務，請稍後再試',
            status: 502,
            code: 'SERVICE_UNREACHABLE',
            detail: `${route.service} 服務暫時無法連線。`,
          });
        },
      },
    });
    router.use(route.prefix, guard, proxy as unknown as express.RequestHandler);
  }
  return { router, close: () => agent.destroy() };
}
