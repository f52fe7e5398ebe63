import type { RequestHandler } from 'express';
import { routeOf } from './metrics.ts';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { extractTraceContext, SpanKind, SpanStatusCode, trace, traceContext, tracer } from './tracing.ts';

/**
 * A server span per request, named by its route pattern once it is known
 * (`GET /api/leave/forms/:formId`), active for everything the request does
 * (store calls, outbox writes, calls to other services, log lines).
 *
 * `trustIncoming`: continue the trace a caller's `traceparent` names. The
 * services do (their callers are the gateway and other services); the
 * gateway does not — a browser's request starts a trace there, and a client
 * cannot graft its requests onto someone else's trace or pick the ids.
 */
export function traceRequests(options: { trustIncoming: boolean }): RequestHandler {
  return (req, res, next) => {
    // From the root, not the active context: node:http's instrumentation leaves incoming requests to this
    // middleware and marks them "not traced", which would silence every instrumentation under the span.
    const parent = options.trustIncoming ? extractTraceContext(req.headers) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    if (!span.isRecording()) return next();
    res.once('close', () => {
      const route = routeOf(req, res.locals);
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    traceContext.with(trace.setSpan(parent, span), next);
  };
}
