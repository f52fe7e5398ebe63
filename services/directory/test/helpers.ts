import { randomUUID } from 'node:crypto';
import amqplib from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { AssertionSigner, ASSERTION_HEADER, createLogger, databaseName, loadConfig } from '@webitr/platform';
import type { Logger } from '@webitr/platform';
import { topology } from '@webitr/contracts';
import type { EventEnvelope, ScopedRole } from '@webitr/contracts';
import { cleanupNamespace, eventually, suiteNamespace, testAssertionKeys, testServiceConfig, testUris } from '@webitr/testkit';
import { configSchema } from '../src/config.ts';
import { nationalIdProblem } from '../src/personal-data/national-id.ts';
import { SERVICE, start } from '../src/service.ts';
import type { DirectoryContext } from '../src/context.ts';
import type { ServiceRuntime } from '@webitr/platform';
import type { Config } from '../src/config.ts';

export const quietLogger = (): Logger => createLogger({ service: SERVICE, level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });

export interface TestDirectory {
  url: string;
  ctx: DirectoryContext;
  runtime: ServiceRuntime<Config>;
  namespace: string;
  stop(): Promise<void>;
}

/** A directory service of the suite's own, on the test infrastructure (real FerretDB, RabbitMQ, Redis). */
export async function startTestDirectory(
  label: string,
  options: { env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestDirectory> {
  const namespace = suiteNamespace(label);
  const env = await testServiceConfig(namespace, { DIRECTORY_SEED_DEMO: 'true', ...options.env });
  const { runtime, ctx, url } = await start(loadConfig(configSchema, env), { logger: options.logger ?? quietLogger() });
  return {
    url,
    ctx,
    runtime,
    namespace,
    async stop() {
      await runtime.lifecycle.shutdown('test over');
      await cleanupNamespace({ namespace, consumers: [SERVICE], databases: [databaseName(SERVICE, namespace)] });
    },
  };
}

/** Who calls: a person (asserted by the gateway, with the zone and address it saw) or a service. */
export type Caller =
  { kind: 'person'; sub: string; agencyId: string; roles: ScopedRole[]; zone?: string; ip?: string } | { kind: 'service'; name: string };

export const person = (sub: string, agencyId: string, ...roles: ScopedRole['role'][]): Caller => ({
  kind: 'person',
  sub,
  agencyId,
  roles: [{ role: 'employee', agencyId }, ...roles.map((role) => ({ role, agencyId }))],
  zone: 'intranet',
  ip: '10.20.30.40',
});
export const service = (name = 'gateway'): Caller => ({ kind: 'service', name });

/** The demo people (seeded), as the gateway would assert them. */
export const demo = {
  teacher: person('demo-teacher', 'KH-GUANGHUA-ES'),
  personnel: person('demo-personnel', 'KH-GUANGHUA-ES', 'attendance-manager'),
  schoolAdmin: person('demo-school-admin', 'KH-GUANGHUA-ES', 'agency-admin'),
  cityAdmin: person('demo-city-admin', 'TP-DOIT', 'system-admin'),
  staff: person('demo-staff', 'TP-DOIT'),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are JSON the tests look into
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  raw: Buffer;
}

async function sign(caller: Caller): Promise<string> {
  const { privateJwk } = await testAssertionKeys();
  const rid = randomUUID();
  if (caller.kind === 'service') {
    return new AssertionSigner(caller.name, privateJwk).sign({ kind: 'service', sub: `service:${caller.name}`, rid, cid: rid }, SERVICE);
  }
  const { sub, agencyId, roles, zone = 'intranet', ip } = caller;
  return new AssertionSigner('gateway', privateJwk).sign(
    { kind: 'person', sub, agencyId, roles, zone, ...(ip ? { ip } : {}), rid, cid: rid },
    SERVICE,
  );
}

/** One HTTP call with a freshly signed assertion (none when `caller` is undefined). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(
  url: string,
  caller: Caller | undefined,
  method: string,
  path: string,
  body?: unknown,
  options: { contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (caller) headers[ASSERTION_HEADER] = await sign(caller);
  let payload: Uint8Array | string | undefined;
  if (Buffer.isBuffer(body)) {
    payload = new Uint8Array(body);
    headers['content-type'] = options.contentType ?? 'text/csv';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url + path, { method, headers, body: payload });
  const raw = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8');
  return { status: res.status, body: parsed as T, headers: res.headers, raw };
}

/** A caller bound to one service URL. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export const client = (url: string) => ({
  get: <T = any>(caller: Caller | undefined, path: string) => call<T>(url, caller, 'GET', path),
  post: <T = any>(caller: Caller | undefined, path: string, body?: unknown, options?: { contentType?: string }) =>
    call<T>(url, caller, 'POST', path, body, options),
  patch: <T = any>(caller: Caller | undefined, path: string, body?: unknown) => call<T>(url, caller, 'PATCH', path, body),
  put: <T = any>(caller: Caller | undefined, path: string, body?: unknown) => call<T>(url, caller, 'PUT', path, body),
  delete: <T = any>(caller: Caller | undefined, path: string) => call<T>(url, caller, 'DELETE', path),
});
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * A queue of its own bound to the suite's events exchange: what the directory
 * publishes, as any consumer (the gateway) receives it from RabbitMQ.
 */
export class EventSink {
  readonly events: EventEnvelope[] = [];
  #connection!: ChannelModel;
  #channel!: Channel;

  async open(namespace: string, pattern = 'directory.#'): Promise<this> {
    const names = topology(namespace);
    this.#connection = await amqplib.connect(testUris().amqp);
    this.#channel = await this.#connection.createChannel();
    await this.#channel.assertExchange(names.eventsExchange, 'topic', { durable: true });
    const { queue } = await this.#channel.assertQueue('', { exclusive: true, autoDelete: true });
    await this.#channel.bindQueue(queue, names.eventsExchange, pattern);
    await this.#channel.consume(
      queue,
      (message) => {
        if (message) this.events.push(JSON.parse(message.content.toString('utf8')) as EventEnvelope);
      },
      { noAck: true },
    );
    return this;
  }

  /** Wait until an event matching the predicate has arrived and return it. */
  take(predicate: (event: EventEnvelope) => boolean, what: string, timeoutMs = 10_000): Promise<EventEnvelope> {
    return eventually(() => this.events.find(predicate), what, timeoutMs);
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A valid national ID for a counter (the check digit computed), for generated test people. */
export function validNationalId(letter: string, n: number): string {
  const stem = `${letter}1${String(n).padStart(7, '0')}`;
  for (let d = 0; d < 10; d += 1) if (!nationalIdProblem(stem + d)) return stem + d;
  throw new Error('no check digit');
}
