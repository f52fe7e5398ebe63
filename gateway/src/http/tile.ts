import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Router } from 'express';
import { z } from 'zod';
import { approvalRoutes, leaveRoutes } from '@webitr/contracts';
import type { PersonSummary, ServiceName } from '@webitr/contracts';
import {
  ASSERTION_HEADER,
  CORRELATION_ID_HEADER,
  ForbiddenError,
  NotFoundError,
  REQUEST_ID_HEADER,
  UnavailableError,
  createRouter,
  currentContext,
} from '@webitr/platform';
import type { Gateway } from '../context.ts';
import type { SessionReader } from '../session/reader.ts';
import type { PortalRegistry } from '../sso/portals.ts';
import { parseCookies } from './edge.ts';
import { escapeHtml } from './pages.ts';
import { networkOf, requestState } from './request-state.ts';
import type { PortalPluginFiles } from './static.ts';

/**
 * The tile a portal embeds (its 「常用功能」 entry): links into the app through
 * that portal's sign-in, with the deep link as return_to, opening at the top
 * level. The page is the same for everyone (the badges are fetched by its
 * script), so it is cached. Framing is allowed only to the origins in
 * TILE_FRAME_ANCESTORS; X-Frame-Options (DENY everywhere else) goes only then.
 */
export function tileRoute(
  files: PortalPluginFiles,
  portals: PortalRegistry,
  publicOrigin: string,
  frameAncestors: readonly string[],
): Router {
  const template = readFileSync(path.join(files.templatesDir, 'tile.html'), 'utf8');
  const router = createRouter();
  router.get('/tile/:portal', (req, res) => {
    const portal = portals.get(String(req.params.portal));
    const html = template
      .replaceAll('{{ORIGIN}}', escapeHtml(publicOrigin))
      .replaceAll('{{PORTAL}}', escapeHtml(portal.config.id))
      .replaceAll('{{PORTAL_NAME}}', escapeHtml(portal.config.name));
    const csp = String(res.getHeader('Content-Security-Policy') ?? '');
    res.setHeader(
      'Content-Security-Policy',
      csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`),
    );
    if (frameAncestors.length) res.removeHeader('X-Frame-Options');
    res.setHeader('Cache-Control', 'public, max-age=600');
    res.type('html').send(html);
  });
  return router;
}

/** GET /api/tile/counts: the tile's badges (批核 / 申請 / 代理), or that there are none to show. */
export type TileCounts = { signedIn: false } | { signedIn: true; approvals: number; applications: number; deputy: number };

const leaveCounts = z.object({ applications: z.number().int().min(0), deputy: z.number().int().min(0) });
const inboxTotal = z.object({ total: z.number().int().min(0) });
const SERVICE_TIMEOUT_MS = 3_000;

/**
 * The tile's badges, asked by the tile page's own script from its own origin
 * (no CORS): the counts of the home page for whoever the session cookie names.
 * Anyone without badges to see — no session, an ended or expired one, outside
 * the app's network zones, not granted the app, separated — gets 200
 * `{ signedIn: false }` rather than a 401 or 403, so a portal page showing the
 * tile to a signed-out person has no error in its console; the app's own API
 * keeps its 401s. It answers before the zone rule and without express-session:
 * the session is read without writing (SessionReader.peek), so a tile on a
 * portal page neither counts as activity nor keeps a session alive. A store,
 * the directory or a service that is down is a 503 with a retryable code, as
 * everywhere.
 */
export function tileCountsRoute(gateway: Gateway, reader: SessionReader): Router {
  const router = createRouter();
  router.get('/api/tile/counts', parseCookies, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const found = await personWithBadges(gateway, reader, req);
    if (!found) return void res.json({ signedIn: false } satisfies TileCounts);
    const [leave, inbox] = await Promise.all([
      serviceGet(gateway, req, found, 'leave', gateway.config.LEAVE_URL, leaveRoutes.homeCounts.path, leaveCounts),
      // Only the total is wanted: one case is the least the inbox lists.
      serviceGet(gateway, req, found, 'approval', gateway.config.APPROVAL_URL, `${approvalRoutes.inbox.path}?limit=1`, inboxTotal),
    ]);
    res.json({ signedIn: true, approvals: inbox.total, applications: leave.applications, deputy: leave.deputy } satisfies TileCounts);
  });
  return router;
}

/** The signed-in person (and their session's key), if they may use the app from where they are; undefined for everyone the tile shows without badges. */
async function personWithBadges(
  gateway: Gateway,
  reader: SessionReader,
  req: Request,
): Promise<{ person: PersonSummary; sessionKey: string } | undefined> {
  const signedIn = await reader.peek(req);
  if (!signedIn) return undefined;
  try {
    gateway.policy.checkApp(networkOf(req));
    return { person: await gateway.access.entitledPerson(req, signedIn.person), sessionKey: signedIn.session.key };
  } catch (error) {
    // Refusals (zone, app not granted, separated, unknown to the directory) mean no badges; a dependency down is the caller's 503.
    if (error instanceof ForbiddenError || error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** One read of a service as the person, with the session's assertion like a proxied request (proxy/guard.ts) and the request's ids. */
async function serviceGet<T>(
  gateway: Gateway,
  req: Request,
  { person, sessionKey }: { person: PersonSummary; sessionKey: string },
  service: ServiceName,
  baseUrl: string,
  pathAndQuery: string,
  schema: z.ZodType<T>,
): Promise<T> {
  const { network, requestId } = requestState(req);
  const context = currentContext();
  const rid = context?.requestId ?? requestId;
  const cid = context?.correlationId ?? rid;
  const assertion = gateway.assertions.for(sessionKey, person, service, network);
  const unavailable = (detail: string, cause?: unknown) =>
    new UnavailableError({ code: 'DEPENDENCY_UNREACHABLE', detail, ...(cause === undefined ? {} : { cause }) });
  let answer: Response;
  try {
    answer = await fetch(baseUrl.replace(/\/$/, '') + pathAndQuery, {
      headers: { accept: 'application/json', [ASSERTION_HEADER]: assertion, [REQUEST_ID_HEADER]: rid, [CORRELATION_ID_HEADER]: cid },
      signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
    });
  } catch (cause) {
    throw unavailable(`無法連線至 ${service} 服務`, cause);
  }
  const body: unknown = await answer.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!answer.ok || !parsed.success) throw unavailable(`${service} 服務回應 ${answer.status}`);
  return parsed.data;
}
