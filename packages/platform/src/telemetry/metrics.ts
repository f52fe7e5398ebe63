import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
import { runCheck } from '../http/health.ts';
import type { ReadinessCheck } from '../http/health.ts';

/**
 * The names of every metric the processes export (prefix `webitr_`), in one
 * place: the alert rules (infra/k8s/monitoring) are tested against this list.
 * Labels are bounded: route patterns (never raw paths), collection and queue
 * names, problem codes, portal ids.
 */
export const METRIC = {
  httpRequests: 'webitr_http_requests_total',
  httpDuration: 'webitr_http_request_duration_seconds',
  dependencyUp: 'webitr_dependency_up',
  outboxPending: 'webitr_outbox_pending_events',
  outboxOldestAge: 'webitr_outbox_oldest_event_age_seconds',
  outboxPublished: 'webitr_outbox_published_total',
  outboxPublishFailures: 'webitr_outbox_publish_failures_total',
  queueReady: 'webitr_queue_messages_ready',
  queueConsumers: 'webitr_queue_consumers',
  deadLettered: 'webitr_dead_lettered_messages',
  eventsHandled: 'webitr_events_handled_total',
  jobRuns: 'webitr_job_runs_total',
  gatewaySessions: 'webitr_gateway_active_sessions',
  gatewaySignIns: 'webitr_gateway_sign_ins_total',
  gatewayRefusals: 'webitr_gateway_refusals_total',
} as const;

/** Request latency buckets (seconds): the gateway's hop is milliseconds, an export is seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const COLLECT_TIMEOUT_MS = 2_000;

/** Where the route pattern a request matched is written, when it is not Express's own `req.route` (the gateway's proxy). */
export const METRICS_ROUTE = 'metricsRoute';

/**
 * One process's metrics in Prometheus form, on a registry of its own (tests
 * run several services in one process), with `service` on every series.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;

  readonly service: string;

  constructor(service: string) {
    this.service = service;
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'webitr_process_' });
    this.httpRequests = this.counter(METRIC.httpRequests, 'HTTP requests answered, by route pattern and status', [
      'method',
      'route',
      'status',
    ]);
    this.httpDuration = new Histogram({
      name: METRIC.httpDuration,
      help: 'Time to answer an HTTP request, by route pattern',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /**
   * A gauge read when Prometheus scrapes: `collect` sets it. A read that
   * fails or takes over 2 s (a broker away: a queue check would wait for it)
   * leaves the series out rather than stale or the scrape hanging.
   */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (gauge: Gauge<L>) => Promise<void>): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, COLLECT_TIMEOUT_MS)));
        const read = collect(this).then(
          () => true,
          () => false,
        );
        if (!(await Promise.race([read, late.then(() => false)]))) this.reset();
        clearTimeout(timer);
      },
    });
  }

  /** `webitr_dependency_up{dependency}`: 1 while /readyz's check of it passes. */
  readiness(checks: readonly ReadinessCheck[]): void {
    this.gauge(METRIC.dependencyUp, 'Whether a dependency answers its readiness check (1) or not (0)', ['dependency'], async (gauge) => {
      for (const { name, ok } of await Promise.all(checks.map(runCheck))) gauge.set({ dependency: name }, ok ? 1 : 0);
    });
  }

  /** Request rate, errors and latency per route pattern; mounted first so that every answer is counted. */
  readonly observe: RequestHandler = (req, res, next) => {
    const start = performance.now();
    res.once('finish', () => {
      const route = routeOf(req, res.locals);
      const method = req.method;
      this.httpRequests.inc({ method, route, status: String(res.statusCode) });
      this.httpDuration.observe({ method, route }, (performance.now() - start) / 1000);
    });
    next();
  };

  /** `GET /metrics` in the Prometheus text format. */
  readonly handler: RequestHandler = async (_req, res) => {
    res.type(this.registry.contentType).send(await this.registry.metrics());
  };
}

/**
 * The route pattern a request matched (`/api/leave/forms/:formId`), never the
 * raw path, so the series stay bounded; `unmatched` for anything no route
 * took (404s, static files).
 */
export function routeOf(req: { baseUrl?: string; route?: { path?: unknown } }, locals: Record<string, unknown>): string {
  const set = locals[METRICS_ROUTE];
  if (typeof set === 'string') return set;
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}
