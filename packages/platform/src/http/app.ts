import express from 'express';
import type { Express } from 'express';
import type { Logger } from '../logger.ts';
import { accessLog } from './access-log.ts';
import { mountHealth } from './health.ts';
import type { IdempotencyStore } from './idempotency.ts';
import type { ReadinessCheck } from './health.ts';
import { assertStrictRouting, canonicalPaths, createRouter, useStrictRouting } from './paths.ts';
import { notFoundHandler, problemMiddleware } from './problem.ts';
import { requestContext } from './request-context.ts';

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
}

/**
 * The Express app every process shares: ids, access log, JSON, health, problem
 * errors; one rule for paths (paths.ts): canonical spellings only, routes
 * matched case-sensitively and strictly.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const { service, logger, readiness, routes, isShuttingDown = () => false, bodyLimit = '1mb', idempotency } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  useStrictRouting(app);
  app.use(requestContext);
  app.use(accessLog({ logger: logger.child({ module: 'http' }), ignore: (req) => req.url === '/healthz' || req.url === '/readyz' }));
  if (idempotency) app.locals.idempotency = idempotency;
  app.use(canonicalPaths);
  // The bytes as sent: what an Idempotency-Key's request is compared by.
  app.use(express.json({ limit: bodyLimit, verify: (req, _res, raw) => void ((req as typeof req & { rawBody?: Buffer }).rawBody = raw) }));
  const health = createRouter();
  mountHealth(health, service, readiness, isShuttingDown);
  app.use(health);
  routes(app);
  app.use(notFoundHandler);
  app.use(problemMiddleware(logger.child({ module: 'http' })));
  assertStrictRouting(app);
  return app;
}
