import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { topology } from '@webitr/contracts';
import { cleanupNamespace, eventually, suiteNamespace, testAssertionKeys, testServiceConfig } from '@webitr/testkit';
import express from 'express';
import { listen } from '../../src/http/server.ts';
import { traceRequests } from '../../src/telemetry/http.ts';
import { AssertionSigner, ASSERTION_HEADER } from '../../src/auth/assertion.ts';
import { ServiceClient } from '../../src/auth/service-client.ts';
import { baseConfigShape, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { subscribe } from '../../src/messaging/consumer.ts';
import { databaseName } from '../../src/mongo.ts';
import { outboxOnCreate, outboxSchemaFields } from '../../src/outbox/outbox.ts';
import { defineService } from '../../src/service.ts';
import type { StartedService } from '../../src/service.ts';
import type { BaseConfig } from '../../src/runtime.ts';
import { startTelemetry } from '../../src/telemetry/sdk.ts';
import { currentTraceIds, injectTraceContext, SpanKind, tracer } from '../../src/telemetry/tracing.ts';
import { grantEvent } from '../helpers.ts';

// The writing service (the audience of the consumer's call back) and the consuming one; the
// test keys trust `runtime-test` as an issuer, so the consumer bears that name.
const PRODUCER = 'telemetry-test';
const CONSUMER = 'runtime-test';
const RULES = path.join(import.meta.dirname, '..', '..', '..', '..', 'infra', 'k8s', 'monitoring', 'prometheus-rule.yaml');

type Span = ReadableSpan;
const parentOf = (span: Span): string | undefined =>
  (span as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId ?? (span as { parentSpanId?: string }).parentSpanId;

describe('telemetry: one trace across HTTP and AMQP, metrics, alert rules (integration)', function () {
  this.timeout(60_000);
  const namespace = suiteNamespace('telemetry');
  const exporter = new InMemorySpanExporter();
  const consumerLines: Record<string, unknown>[] = [];
  const handled: { traceIds?: { trace_id: string; span_id: string }; pingStatus?: string }[] = [];
  let sdk: NodeSDK;
  let producer: StartedService<BaseConfig, { kick: () => void }>;
  let consumer: StartedService<BaseConfig, { client: ServiceClient }>;
  let gatewaySigner: AssertionSigner;

  const producerService = defineService({
    name: PRODUCER,
    configSchema: z.object(baseConfigShape),
    models: (mongo: Connection) => ({
      notes: mongo.model<{ _id: string }>('Note', new Schema({ _id: String, ...outboxSchemaFields }, { collection: 'notes' })),
    }),
    relayModels: (models) => [models.notes],
    context: ({ models, relay }) => ({ models, kick: () => relay.kick() }),
    routes: (ctx) => ({
      operations: [],
      mount: (app) => {
        // A write whose event goes out through the outbox, like every service's use cases.
        app.post('/notes/:personId', async (req, res) => {
          const event = grantEvent(req.params.personId!);
          await ctx.models.notes.create({ _id: event.id, ...outboxOnCreate([event]) });
          ctx.kick();
          res.status(201).json({ id: event.id });
        });
        app.get('/ping', (_req, res) => void res.json({ ok: true }));
      },
    }),
  });

  const consumerService = defineService({
    name: CONSUMER,
    configSchema: z.object(baseConfigShape),
    context: ({ runtime }, options: { producerUrl?: string }) => ({
      client: new ServiceClient({ baseUrl: options.producerUrl ?? '', audience: PRODUCER, signer: runtime.signer }),
    }),
    subscriptions: (ctx) => [
      subscribe('directory.entitlement.granted', async () => {
        consumer.runtime.logger.info('handling the grant');
        // A call to another service from the handler: the third hop of the same trace.
        const answer = (await ctx.client.request('GET', '/ping')) as { ok: boolean };
        handled.push({ traceIds: currentTraceIds(), pingStatus: String(answer.ok) });
      }),
    ],
  });

  before(async () => {
    // The SDK as the processes start it (telemetry/sdk.ts), exporting to memory; no auto-instrumentation here.
    sdk = startTelemetry({ instrumentations: [], spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const env = await testServiceConfig(namespace);
    producer = await producerService.start(loadConfig(z.object(baseConfigShape), env));
    const destination = new Writable({
      write(chunk, _enc, done) {
        consumerLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    consumer = await consumerService.start(loadConfig(z.object(baseConfigShape), env), {
      logger: createLogger({ service: CONSUMER, level: 'info', destination }),
      producerUrl: producer.url,
    });
    gatewaySigner = new AssertionSigner('gateway', (await testAssertionKeys()).privateJwk);
  });

  after(async () => {
    await consumer?.runtime.lifecycle.shutdown('test over');
    await producer?.runtime.lifecycle.shutdown('test over');
    await sdk?.shutdown();
    // Later suites in this process run untraced again.
    trace.disable();
    context.disable();
    propagation.disable();
    await cleanupNamespace({
      namespace,
      consumers: [CONSUMER],
      databases: [databaseName(PRODUCER, namespace), databaseName(CONSUMER, namespace)],
    });
  });

  it('the request, the outbox publication, the consumer and its call back share one trace id, parent by parent', async () => {
    // The gateway's side: a span of its own, sent on as `traceparent` with the request.
    const root = tracer.startSpan('gateway GET', { kind: SpanKind.SERVER });
    const headers: Record<string, string> = {
      [ASSERTION_HEADER]: await gatewaySigner.sign({ kind: 'person', sub: 'P001', agencyId: 'A1', roles: [], zone: 'intranet' }, PRODUCER),
    };
    injectTraceContext(headers, trace.setSpan(context.active(), root));
    const res = await fetch(`${producer.url}/notes/P001`, { method: 'POST', headers });
    expect(res.status).to.equal(201);
    root.end();
    const traceId = root.spanContext().traceId;

    await eventually(() => handled[0], 'the consumer to handle the event and call back', 20_000);
    const spans = await eventually(() => {
      const finished = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      // The consumer's span ends last: after the call back and the inbox record.
      return finished.some((s) => s.name === 'directory.entitlement.granted process') ? finished : undefined;
    }, 'the spans of the whole trace');

    const named = (name: string, kind: SpanKind) => {
      const found = spans.find((s) => s.name === name && s.kind === kind);
      expect(found, `${name} in ${spans.map((s) => s.name).join(', ')}`).to.not.equal(undefined);
      return found!;
    };
    const server = named('POST /notes/:personId', SpanKind.SERVER);
    const publish = named('directory.entitlement.granted publish', SpanKind.PRODUCER);
    const process = named('directory.entitlement.granted process', SpanKind.CONSUMER);
    const callBack = named('GET /ping', SpanKind.SERVER);
    // HTTP hop, the outbox (published later, by the relay), the AMQP hop, the HTTP hop from the handler.
    expect(parentOf(server)).to.equal(root.spanContext().spanId);
    expect(parentOf(publish)).to.equal(server.spanContext().spanId);
    expect(parentOf(process)).to.equal(publish.spanContext().spanId);
    expect(parentOf(callBack)).to.equal(process.spanContext().spanId);
    expect(server.attributes['http.route']).to.equal('/notes/:personId');
    expect(server.attributes['http.response.status_code']).to.equal(201);

    // The handler ran in the consumer's span, and its log line says which trace it belongs to.
    expect(handled[0]!.traceIds?.trace_id).to.equal(traceId);
    expect(handled[0]!.pingStatus).to.equal('true');
    const line = consumerLines.find((l) => l.msg === 'handling the grant');
    expect(line).to.include({ trace_id: traceId, span_id: process.spanContext().spanId });
  });

  it('/metrics: requests per route pattern (not the raw path), the outbox backlog, the queue and its dead letters, readiness', async () => {
    const producerText = await (await fetch(`${producer.url}/metrics`)).text();
    const consumerText = await (await fetch(`${consumer.url}/metrics`)).text();
    expect(producerText).to.match(/^webitr_http_requests_total\{.*route="\/notes\/:personId".*status="201".*\} [1-9]/m);
    expect(producerText).to.not.include('/notes/P001');
    expect(producerText).to.match(/^webitr_outbox_pending_events\{.*collection="notes".*\} 0$/m);
    expect(producerText).to.match(/^webitr_outbox_oldest_event_age_seconds\{.*collection="notes".*\} 0$/m);
    expect(producerText).to.match(/^webitr_outbox_published_total\{.*collection="notes".*\} 1$/m);
    expect(producerText).to.match(/^webitr_dependency_up\{.*dependency="rabbitmq".*\} 1$/m);
    expect(consumerText).to.match(
      new RegExp(`^webitr_queue_messages_ready\\{.*queue="${topology(namespace).queue(CONSUMER).replace(/\./g, '\\.')}".*\\} 0$`, 'm'),
    );
    expect(consumerText).to.match(/^webitr_dead_lettered_messages\{.*\} 0$/m);
    expect(consumerText).to.match(/^webitr_events_handled_total\{.*type="directory.entitlement.granted".*outcome="ok".*\} 1$/m);
    expect(consumerText).to.match(/^webitr_queue_consumers\{.*\} 1$/m);
  });

  it('the outbox gauges count what waits, and its age', async () => {
    const event = grantEvent('P002');
    // Written behind the relay's back (no kick): it waits for the next poll, a second at most.
    const notes = producer.runtime.mongo.model('Note');
    await notes.create({ _id: event.id, ...outboxOnCreate([event]) });
    const text = await (await fetch(`${producer.url}/metrics`)).text();
    const pending = Number(/^webitr_outbox_pending_events\{.*collection="notes".*\} (\d+)$/m.exec(text)?.[1]);
    // Either still pending (1, with an age) or already published (0): never anything else.
    expect([0, 1]).to.include(pending);
    if (pending === 1) expect(text).to.match(/^webitr_outbox_oldest_event_age_seconds\{.*collection="notes".*\} [0-9.e-]+$/m);
  });

  it('at the door (the gateway) a request starts a trace of its own: a client cannot name the trace or the parent', async () => {
    const app = express();
    app.use(traceRequests({ trustIncoming: false }));
    app.get('/door', (_req, res) => void res.json(currentTraceIds() ?? {}));
    const server = await listen(app, 0);
    try {
      const forged = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const seen = (await (await fetch(`${server.url}/door`, { headers: { traceparent: forged } })).json()) as { trace_id?: string };
      expect(seen.trace_id).to.be.a('string').and.not.equal('0af7651916cd43dd8448eb211c80319c');
      const span = await eventually(
        () => exporter.getFinishedSpans().find((s) => s.spanContext().traceId === seen.trace_id),
        'the door span',
      );
      expect(span.name).to.equal('GET /door');
      expect(parentOf(span)).to.equal(undefined);
    } finally {
      await server.close(1_000);
    }
  });

  it('every alert rule parses and names only metrics the processes export', async () => {
    const rules = parseYaml(await readFile(RULES, 'utf8')) as {
      kind: string;
      spec: { groups: { name: string; rules: { alert: string; expr: string; for?: string; labels?: { severity?: string } }[] }[] };
    };
    expect(rules.kind).to.equal('PrometheusRule');
    const exported = new Set<string>();
    for (const url of [producer.url, consumer.url]) {
      const text = await (await fetch(`${url}/metrics`)).text();
      for (const match of text.matchAll(/^# TYPE (\S+) /gm)) exported.add(match[1]!);
    }
    const alerts = rules.spec.groups.flatMap((g) => g.rules);
    expect(alerts.map((a) => a.alert)).to.include.members([
      'WebitrOutboxGrowing',
      'WebitrDeadLetters',
      'WebitrReadinessFailing',
      'WebitrHighErrorRate',
    ]);
    for (const rule of alerts) {
      expect(rule.labels?.severity, rule.alert).to.be.oneOf(['warning', 'critical']);
      const names = [...rule.expr.matchAll(/\b(webitr_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));
      expect(names, `${rule.alert} names a metric`).to.not.be.empty;
      for (const name of names) expect(exported, `${rule.alert}: ${name}`).to.include(name);
    }
  });
});
