import { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { flushTelemetry, onTelemetryFlush } from './flush.ts';

/**
 * The instrumentations every process runs with. Incoming HTTP requests get
 * their server span from the platform (telemetry/http.ts: named by route
 * pattern, and the gateway does not continue a client's `traceparent`), so
 * node:http's instrumentation traces outgoing calls only; mongoose's queries
 * are the MongoDB driver's commands underneath.
 */
export function instrumentations(env: NodeJS.ProcessEnv = process.env): NonNullable<NodeSDKConfiguration['instrumentations']> {
  // The standard variable of the Node auto-instrumentations, with these names: `OTEL_NODE_DISABLED_INSTRUMENTATIONS=amqplib,ioredis`.
  const disabled = new Set((env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()));
  const all = {
    http: () => new HttpInstrumentation({ ignoreIncomingRequestHook: () => true }),
    express: () => new ExpressInstrumentation(),
    mongodb: () => new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    ioredis: () => new IORedisInstrumentation(),
    amqplib: () => new AmqplibInstrumentation(),
  };
  return Object.entries(all)
    .filter(([name]) => !disabled.has(name))
    .map(([, make]) => make());
}

/**
 * Start the OpenTelemetry SDK for this process: the exporter, the sampler,
 * the service name and the propagators come from the standard `OTEL_*`
 * variables (W3C trace context by default); flushed at exit.
 */
export function startTelemetry(overrides: Partial<NodeSDKConfiguration> = {}): NodeSDK {
  const sdk = new NodeSDK({ instrumentations: instrumentations(), ...overrides });
  sdk.start();
  // Spans still buffered go when the process stops: at the lifecycle's end (flush.ts), or when the loop runs dry.
  onTelemetryFlush(() => sdk.shutdown());
  process.once('beforeExit', () => void flushTelemetry());
  return sdk;
}
