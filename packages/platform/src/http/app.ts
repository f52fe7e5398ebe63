import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { accessLog } from './access-log.ts';
import { mountHealth } from './health.ts';
import type { IdempotencyStore } from './idempotency.ts';
import type { ReadinessCheck } from './health.ts';
import { InputError } from '../errors.ts';
import { assertStrictRouting, canonicalPaths, createRouter, useStrictRouting } from './paths.ts';
import { notFoundHandler, problemMiddleware } from './problem.ts';
import { requestContext } from './request-context.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { traceRequests } from '../telemetry/http.ts';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  /** Mount the service's routes; runs after the common middleware, before the error handler. */
  routes: (app: Express) => void;
  isShuttingDown?: () => boolean;
  /** JSON body limit; forms with attachments upload through their own route. */
  bodyLimit?: string;
  /** Where idempotent operations keep their claims and first answers. */
  idempotency?: IdempotencyStore;
  /** Request metrics and `GET /metrics` (on the process's own port: the gateway forwards no such path). */
  metrics?: Metrics;
}

/**
 * The Express app every process shares: ids, access log, JSON, health, problem
 * errors; one rule for paths (paths.ts): canonical spellings only, routes
 * matched case-sensitively and strictly.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const { service, logger, readiness, routes, isShuttingDown = () => false, bodyLimit = '1mb', idempotency, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  useStrictRouting(app);
  app.use(requestContext);
  // Callers are the gateway and other services: their trace goes on here.
  app.use(traceRequests({ trustIncoming: true }));
  if (metrics) app.use(metrics.observe);
  app.use(
    accessLog({
      logger: logger.child({ module: 'http' }),
      ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
    }),
  );
  if (idempotency) app.locals.idempotency = idempotency;
  app.use(canonicalPaths);
  // The bytes as sent: what an Idempotency-Key's request is compared by.
  app.use(
    express.json({ limit: bodyLimit, verify: (req, _res, raw) => void ((req as typeof req & { rawBody?: Buffer }).rawBody = raw) }),
    refuseUnsafeKeys,
  );
  const health = createRouter();
  mountHealth(health, service, readiness, isShuttingDown);
  if (metrics) health.get('/metrics', metrics.handler);
  app.use(health);
  routes(app);
  app.use(notFoundHandler);
  app.use(problemMiddleware(logger.child({ module: 'http' })));
  assertStrictRouting(app);
  return app;
}

/** Keys that name an object's prototype machinery rather than data. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor']);

/**
 * A JSON body naming `__proto__` or `constructor` anywhere is refused as
 * invalid, whatever else it holds: the schemas would silently drop those keys,
 * so `{"__proto__": {...}}` passed as the empty body `{}`, and code that
 * merged such a body would write through the prototype.
 */
const refuseUnsafeKeys: RequestHandler = (req, _res, next) => {
  const found: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null || found.length >= 10) return;
    for (const key of Object.keys(value)) {
      const at = `${path}.${key}`;
      if (UNSAFE_KEYS.has(key)) found.push(at);
      else walk((value as Record<string, unknown>)[key], at);
    }
  };
  walk(req.body, 'body');
  if (found.length === 0) return next();
  throw new InputError({
    detail: found.map((field) => `${field}：不接受此欄位名稱`).join('；'),
    fields: found.map((field) => ({ field, code: 'forbidden_key', message: '不接受此欄位名稱' })),
  });
};
