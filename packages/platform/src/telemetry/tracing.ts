import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Span, SpanOptions } from '@opentelemetry/api';

/**
 * Tracing through the OpenTelemetry API only: without an SDK registered (the
 * default, see register.ts) every call here is a cheap no-op, so the platform
 * carries trace context the same way whether traces are exported or not.
 */
export const tracer = trace.getTracer('@webitr/platform');

/** W3C trace context as headers or an outbox entry carry it (`traceparent`, `tracestate`). */
export type TraceCarrier = Record<string, string>;

/** The active trace context as `traceparent`/`tracestate` (empty when nothing is traced). */
export function traceCarrier(from: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(from, carrier);
  return carrier;
}

/** Add the active trace context to outgoing headers (an HTTP call, an AMQP message). */
export function injectTraceContext(headers: Record<string, unknown>, from: Context = context.active()): void {
  propagation.inject(from, headers, {
    set: (carrier, key, value) => void ((carrier as Record<string, unknown>)[key] = value),
  });
}

/** The trace context a caller sent (HTTP headers, AMQP headers, an outbox entry); the root context if none. */
export function extractTraceContext(carrier: Readonly<Record<string, unknown>> | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier, {
    keys: (c) => Object.keys(c),
    get: (c, key) => {
      const value = (c as Record<string, unknown>)[key];
      if (typeof value === 'string') return value;
      if (Buffer.isBuffer(value)) return value.toString('latin1'); // AMQP long strings arrive as bytes
      return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
    },
  });
}

/** The trace and span ids of the work in progress, for log lines; undefined when nothing is traced. */
export function currentTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpanContext(context.active());
  if (!span || !trace.isSpanContextValid(span)) return undefined;
  return { trace_id: span.traceId, span_id: span.spanId };
}

/**
 * Run `work` in a new span under `parent` (the active context by default),
 * ended when it settles; an error marks the span and is thrown on.
 */
export async function inSpan<T>(name: string, options: SpanOptions & { parent?: Context }, work: (span: Span) => Promise<T>): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return tracer.startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind, SpanStatusCode, context as traceContext, trace };
