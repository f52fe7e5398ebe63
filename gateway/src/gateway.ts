import express from 'express';
import type { Express } from 'express';
import session from 'express-session';
import { DIST_DIR } from '@webitr/portal-plugin/paths';
import {
  ConfigError,
  ServiceClient,
  accessLog,
  assertStrictRouting,
  canonicalPaths,
  createRouter,
  httpDrainMs,
  METRIC,
  traceRequests,
  listen,
  mountHealth,
  notFoundHandler,
  subscribe,
  useStrictRouting,
} from '@webitr/platform';
import type { RunningServer, ServiceRuntime } from '@webitr/platform';
import { PersonAccess } from './access/access.ts';
import { People } from './access/people.ts';
import { apiRoutes } from './api.ts';
import { PersonAssertionSigner, PersonAssertions } from './assertions.ts';
import { AuditLog } from './audit.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { checkConfig, cookiesSecure } from './config.ts';
import type { Config } from './config.ts';
import type { Gateway } from './context.ts';
import { Csrf } from './csrf.ts';
import { edgeContext, parseCookies, securityHeaders } from './http/edge.ts';
import { gatewayErrorHandler } from './http/errors.ts';
import { signedOutPage } from './http/pages.ts';
import type { PageLink } from './http/pages.ts';
import { networkOf, requestStateIfAny } from './http/request-state.ts';
import { assetRoutes, portalPluginFiles, webAppRoutes } from './http/static.ts';
import { tileCountsRoute, tileRoute } from './http/tile.ts';
import { NetworkPolicy, NetworkRefusedError } from './network/policy.ts';
import { ClientAddress, ZoneMap } from './network/zones.ts';
import { proxyRoutes } from './proxy/routes.ts';
import { RateLimits } from './rate-limit.ts';
import { SessionCache } from './session/cache.ts';
import { Invalidations } from './session/invalidations.ts';
import { SessionReader, serviceSession } from './session/reader.ts';
import { SessionGuard, SessionRegistry } from './session/sessions.ts';
import { RedisSessionStore, sessionStoreClient, sessionStoreReady } from './session/store.ts';
import { PortalRegistry } from './sso/portals.ts';
import { backchannelLogoutRoute, ssoRoutes } from './sso/routes.ts';

export interface GatewayOptions {
  /** Tests move time forward to reach the idle and absolute timeouts. */
  clock?: Clock;
  /** Where the invalidation subscription connects, when not to REDIS_URL: tests cut it alone through a TCP proxy. */
  invalidationRedis?: { host: string; port: number };
}

export interface RunningGateway {
  gateway: Gateway;
  app: Express;
  http: RunningServer;
  url: string;
  /** Where Prometheus reads the gateway's metrics: a port of its own (`METRICS_PORT`), never the public one. */
  metricsUrl: string;
}

/** Build every part of the gateway from its configuration and connections. */
export function createGateway(
  runtime: ServiceRuntime<Config>,
  options: GatewayOptions = {},
): { gateway: Gateway; app: Express; sessionRedis: ServiceRuntime['redis']; close: () => void } {
  const { config, logger, redis } = runtime;
  const problems = checkConfig(config);
  if (problems.length > 0)
    throw new ConfigError(problems.map((p) => ({ variable: p.split(':')[0]!, message: p.split(': ').slice(1).join(': ') })));
  const clock = options.clock ?? systemClock;
  const secure = cookiesSecure(config);
  // __Host- cookies must be Secure; over plain HTTP in development the prefix is dropped.
  const prefix = secure ? '__Host-' : '';
  const cookieNames = { session: `${prefix}webitr.sid`, csrf: `${prefix}webitr.csrf` };
  const secrets = config.SESSION_SECRET.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const zones = new ZoneMap(config.NETWORK_ZONES);
  const addresses = new ClientAddress(config.TRUSTED_PROXIES, zones);
  const policy = new NetworkPolicy({
    appZones: config.APP_ZONES,
    adminZones: config.ADMIN_ZONES,
    vpnName: config.VPN_NAME,
    vpnUrl: config.VPN_URL,
  });
  const timeouts = { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000 };
  // Sessions (and the rate limits, also on every sign-in's path) on a Redis connection of their own that
  // fails fast and never replays (session/store.ts): 503 at once while Redis is away, nothing sent later.
  const sessionRedis = sessionStoreClient(redis, logger);
  // Sessions ended and people changed anywhere: every instance hears it and drops what it keeps of them.
  const invalidations = new Invalidations(redis, logger, options.invalidationRedis);
  const sessionCache = new SessionCache({ ttlSeconds: config.SESSION_CACHE_SECONDS, invalidations });
  const sessions = new SessionRegistry(sessionRedis, { keepSeconds: timeouts.absoluteMs / 1000, invalidations });
  const sessionGuard: SessionGuard = new SessionGuard({
    registry: sessions,
    timeouts,
    clock,
    presentedSid: (req) => reader.sid(req),
    logger,
  });
  const reader = new SessionReader({
    redis: sessionRedis,
    cookieName: cookieNames.session,
    secrets,
    guard: sessionGuard,
    cache: sessionCache,
  });
  const directory = new ServiceClient({ baseUrl: config.DIRECTORY_URL, audience: 'directory', signer: runtime.signer });
  const people = new People({ directory, redis, ttlSeconds: config.PERSON_CACHE_TTL_SECONDS, logger, invalidations });
  const signer = new PersonAssertionSigner('gateway', config.ASSERTION_PRIVATE_KEY);
  const gateway: Gateway = {
    config,
    logger,
    redis,
    clock,
    signer,
    assertions: new PersonAssertions(signer, invalidations),
    invalidations,
    sessionCache,
    portals: new PortalRegistry(config.SSO_PORTALS, {
      publicOrigin: config.PUBLIC_URL,
      allowHttp: config.NODE_ENV !== 'production',
      defaultPortal: config.SSO_DEFAULT_PORTAL,
      logger,
    }),
    people,
    access: new PersonAccess({ people, sessions, entitledApps: config.ENTITLED_APPS }),
    sessions,
    sessionGuard,
    audit: new AuditLog(runtime.mongo, logger, () => clock.now(), runtime.metrics),
    rateLimits: new RateLimits(sessionRedis, {
      signInPerMinute: config.RATE_LIMIT_SIGNIN_PER_MINUTE,
      writesPerMinute: config.RATE_LIMIT_WRITES_PER_MINUTE,
      devicePerMinute: config.RATE_LIMIT_DEVICE_PER_MINUTE,
      logger,
    }),
    csrf: new Csrf({ secret: config.CSRF_SECRET, cookieName: cookieNames.csrf, secure }),
    policy,
    cookieNames,
    secureCookies: secure,
  };
  const files = portalPluginFiles(config.PORTAL_PLUGIN_DIR ?? DIST_DIR);
  const signIn = (returnTo = '/') => `/sso/${gateway.portals.defaultPortal}?return_to=${encodeURIComponent(returnTo)}`;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // One rule for what a path is, the services' too: case-sensitive, strict about a trailing slash.
  useStrictRouting(app);
  // req.secure / req.protocol follow the same trusted-proxy rule as the client address.
  app.set('trust proxy', addresses.trust);
  // A browser's request starts its trace here (a client's `traceparent` is not taken); counted whatever the answer.
  app.use(traceRequests({ trustIncoming: false }), runtime.metrics.observe);
  app.use(edgeContext(addresses));
  app.use(
    accessLog({
      logger: logger.child({ module: 'http' }),
      ignore: (req) => req.url === '/healthz' || req.url === '/readyz',
      extra: (req) => ({ zone: requestStateIfAny(req)?.network.zone }),
    }),
  );
  app.use(securityHeaders(secure));
  // A path not in its canonical spelling (%2F, %2e, dot segments, //, backslashes, a trailing slash) is refused
  // before any policy looks at it: the path the policies decide on is the path the service gets.
  app.use(canonicalPaths);
  const health = createRouter();
  mountHealth(health, 'gateway', runtime.readiness, () => runtime.lifecycle.shuttingDown);
  app.use(health);
  // Server to server from the portals, and static files every refusal page needs: no zone rule.
  app.use(backchannelLogoutRoute(gateway));
  app.use('/assets', assetRoutes(files));
  app.use(tileRoute(files, gateway.portals, config.PUBLIC_URL, config.TILE_FRAME_ANCESTORS));
  // The tile's badges: for everyone the tile may be shown to, so before the zone rule (it answers `signedIn: false` outside).
  app.use(tileCountsRoute(gateway, reader));
  // The whole app is open only to the deployment's zones.
  app.use((req, _res, next) => {
    policy.checkApp(networkOf(req));
    next();
  });
  app.use(parseCookies);
  const sessionMiddleware = session({
    name: cookieNames.session,
    secret: secrets,
    store: new RedisSessionStore(sessionRedis, (data) => sessionGuard.ttlSeconds(data, config.SSO_PENDING_TTL_SECONDS), invalidations),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    // Never 'destroy': after a failed read req.session is unset, and express-session would delete the session.
    unset: 'keep',
    // A browser-session cookie: gone when the browser closes; the server enforces idle and absolute timeouts.
    cookie: { httpOnly: true, secure, sameSite: 'lax', path: '/' },
  });
  // Calls to the services first: they read the session the cheap way when it is plainly current.
  const proxies = proxyRoutes(gateway, serviceSession(reader, [sessionMiddleware, sessionGuard.middleware]));
  app.use(proxies.router);
  app.use(['/sso', '/logout', '/api'], sessionMiddleware, sessionGuard.middleware);
  app.use(ssoRoutes(gateway));
  app.get('/signed-out', (_req, res) => void res.type('html').send(signedOutPage(signIn())));
  app.use(apiRoutes(gateway));
  app.use(express.static(files.publicDir, { index: false, redirect: false, maxAge: 0 }));
  app.use(webAppRoutes(files));
  app.use(notFoundHandler);
  app.use(
    gatewayErrorHandler({
      logger: logger.child({ module: 'http' }),
      audit: gateway.audit,
      links: (error, req): PageLink[] => {
        if (error instanceof NetworkRefusedError)
          return config.VPN_URL && error.requiredZones.includes('vpn') ? [{ href: config.VPN_URL, label: `連線${config.VPN_NAME}` }] : [];
        if (error.status === 401) return [{ href: signIn(req.path.startsWith('/sso/') ? '/' : req.originalUrl), label: '重新登入' }];
        return [{ href: '/', label: '回到首頁' }];
      },
    }),
  );
  assertStrictRouting(app);
  return {
    gateway,
    app,
    sessionRedis,
    close: () => {
      proxies.close();
      sessionRedis.disconnect();
    },
  };
}

/** Start the gateway on the runtime: HTTP server, directory event subscriptions, shutdown steps. */
export async function startGateway(runtime: ServiceRuntime<Config>, options: GatewayOptions = {}): Promise<RunningGateway> {
  const { gateway, app, sessionRedis, close } = createGateway(runtime, options);
  await runtime.ensureIndexes();
  if (!(await sessionStoreReady(sessionRedis, 5_000)))
    runtime.logger.warn('session store (Redis) not reachable at start; answering 503 until it is');
  await gateway.invalidations.listen();
  if (!gateway.invalidations.live) runtime.logger.warn('invalidation channel not confirmed at start; in-process caches off until it is');
  runtime.lifecycle.onShutdown('disconnect', 'invalidations', () => gateway.invalidations.close());
  // A grant, a revocation or a change of the person: the cached record goes at once.
  const forget = async (event: { payload: { personId: string } }) => gateway.people.forget(event.payload.personId);
  await runtime.startConsumer([
    subscribe('directory.entitlement.granted', forget),
    subscribe('directory.entitlement.revoked', forget),
    subscribe('directory.person.changed', forget),
  ]);
  runtime.metrics.readiness(runtime.readiness);
  runtime.metrics.gauge(
    METRIC.gatewaySessions,
    'Signed-in sessions, neither ended nor lapsed (all gateway instances)',
    [],
    async (gauge) => {
      gauge.set(await gateway.sessions.activeCount());
    },
  );
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  metricsApp.get('/metrics', runtime.metrics.handler);
  const metrics = await listen(metricsApp, runtime.config.METRICS_PORT, runtime.config.METRICS_HOST);
  runtime.lifecycle.onShutdown('disconnect', 'metrics', () => metrics.close(1_000));
  const http = await listen(app, runtime.config.PORT, runtime.config.HOST);
  runtime.lifecycle.onShutdown('stop-accepting', 'http', () => http.close(httpDrainMs(runtime.config.SHUTDOWN_TIMEOUT_MS)));
  runtime.lifecycle.onShutdown('disconnect', 'proxy-agent-and-session-reads', close);
  runtime.logger.info(
    {
      url: http.url,
      metricsUrl: `${metrics.url}/metrics`,
      publicUrl: runtime.config.PUBLIC_URL,
      portals: gateway.portals.all.map((p) => p.config.id),
    },
    'listening',
  );
  return { gateway, app, http, url: http.url, metricsUrl: `${metrics.url}/metrics` };
}
