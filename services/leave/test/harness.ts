import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expect } from 'chai';
import { createEvent, AssertionSigner, AssertionVerifier, ASSERTION_HEADER, Broker, createLogger, databaseName, EventConsumer, Inbox, loadConfig, subscribe } from '@webitr/platform';
import type { RunningServer, ServiceRuntime } from '@webitr/platform';
import type { EventEnvelope, EventPayload, EventType, Problem, ScopedRole } from '@webitr/contracts';
import { cleanupNamespace, eventually, suiteNamespace, testAssertionKeys, testServiceConfig, testUris } from '@webitr/testkit';
import { configSchema } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import type { DirectoryPerson } from '../src/ports/people.ts';
import type { LeaveContext } from '../src/usecases/shared/context.ts';
import { startLeaveService } from '../src/wiring.ts';

export const logger = createLogger({ service: 'leave-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });

export interface TestPerson extends DirectoryPerson {
  roles?: ScopedRole[];
}

/**
 * A stand-in for the directory's internal API (issue 4 builds the real one):
 * `GET /internal/people/:id` serving PersonSummary-shaped people, refusing any
 * call without a valid service assertion addressed to the directory — the same
 * contract the leave service's adapter uses in production.
 */
export class StubDirectory {
  readonly people = new Map<string, TestPerson>();
  calls = 0;
  down = false;
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const { trusted } = await testAssertionKeys();
    const verifier = new AssertionVerifier('directory', trusted);
    const app = express();
    app.get('/internal/people/:id', async (req, res) => {
      this.calls += 1;
      if (this.down) return void res.status(503).json({ status: 503, code: 'DOWN', title: 'down', type: 'x' });
      try {
        const identity = await verifier.verify(req.header(ASSERTION_HEADER));
        if (identity.kind !== 'service') return void res.status(403).end();
      } catch {
        return void res.status(401).json({ status: 401, code: 'ASSERTION_INVALID', title: 'no', type: 'x' });
      }
      const person = this.people.get(req.params.id);
      if (!person) return void res.status(404).json({ status: 404, code: 'PERSON_NOT_FOUND', title: '查無資料', type: 'x' });
      const { roles = [], ...rest } = person;
      res.json({ ...rest, agencyName: '高雄市立測試國民中學', roles, apps: ['webitr'] });
    });
    await new Promise<void>((resolve) => {
      this.#server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  add(...people: TestPerson[]): void {
    for (const p of people) this.people.set(p.id, p);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  raw: Buffer;
}

/** The leave service under test, with a fixed clock, a stub directory and an observer of its events. */
export class LeaveHarness {
  readonly namespace: string;
  readonly directory = new StubDirectory();
  now = new Date('2024-08-01T09:00:00+08:00');
  runtime!: ServiceRuntime<Config>;
  ctx!: LeaveContext;
  http!: RunningServer;
  broker!: Broker;
  observer: EventConsumer | undefined;
  readonly events: EventEnvelope[] = [];
  #signer: AssertionSigner | undefined;

  constructor(label: string) {
    this.namespace = suiteNamespace(`leave-${label}`);
  }

  async start(observe: EventType[] = []): Promise<this> {
    await this.directory.start();
    const env = await testServiceConfig(this.namespace, { DIRECTORY_URL: this.directory.url });
    const started = await startLeaveService(loadConfig(configSchema, env), { clock: () => this.now });
    this.runtime = started.runtime;
    this.ctx = started.ctx;
    this.http = started.http;
    this.broker = new Broker({ url: testUris().amqp, namespace: this.namespace, service: 'approval', logger });
    this.#signer = new AssertionSigner('gateway', (await testAssertionKeys()).privateJwk);
    if (observe.length) {
      this.observer = new EventConsumer(this.runtime.broker, {
        consumer: 'notification',
        inbox: new Inbox(this.runtime.mongo, 'observer'),
        subscriptions: observe.map((type) =>
          subscribe(type, async (event) => {
            this.events.push(event);
          }),
        ),
      });
      await this.observer.start();
    }
    return this;
  }

  async stop(): Promise<void> {
    await this.observer?.stop();
    await this.broker?.close();
    await this.runtime?.lifecycle.shutdown('test over');
    await this.directory.stop();
    await cleanupNamespace({ namespace: this.namespace, consumers: ['leave', 'notification'], databases: [databaseName('leave', this.namespace)] });
  }

  /** Call the service as a person, through a gateway-signed assertion. */
  async as<T = unknown>(person: TestPerson, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const token = await this.#signer!.sign(
      { kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles ?? [{ role: 'employee', agencyId: person.agencyId }], zone: 'intranet', rid: randomUUID(), cid: randomUUID() },
      'leave',
    );
    const isRaw = Buffer.isBuffer(body);
    const res = await fetch(this.http.url + path, {
      method,
      headers: { [ASSERTION_HEADER]: token, ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : isRaw ? new Uint8Array(body) : JSON.stringify(body),
    });
    const raw = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && raw.length ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8');
    return { status: res.status, body: parsed as T, headers: res.headers, raw };
  }

  /** Publish a decision as the approval service (issue 6) will. */
  async decide<T extends 'approval.form.approved' | 'approval.form.rejected' | 'approval.form.returned'>(type: T, payload: EventPayload<T>): Promise<EventEnvelope> {
    const event = createEvent(type, payload, 'approval');
    await this.broker.publish(event);
    return event;
  }

  /** Wait until the form reaches a status. */
  async formReaches(person: TestPerson, formId: string, status: string): Promise<FormBody> {
    return eventually(async () => {
      const res = await this.as<FormBody>(person, 'GET', `/forms/${formId}`);
      return res.body.status === status ? res.body : undefined;
    }, `form ${formId} to be ${status}`);
  }

  async eventOf(type: string, formId: string): Promise<EventEnvelope> {
    return eventually(() => this.events.find((e) => e.type === type && (e.payload as { formId?: string }).formId === formId), `${type} for ${formId}`);
  }

  async counts(): Promise<{ forms: number; balances: string }> {
    const forms = await this.ctx.models.forms.countDocuments();
    const balances = await this.ctx.models.balances.find({}, { reserved: 1, consumed: 1, granted: 1 }).sort({ _id: 1 }).lean();
    return { forms, balances: JSON.stringify(balances) };
  }
}

export interface FormBody {
  id: string;
  status: string;
  submission: number;
  duration: string;
  deputy?: { personId: string; name: string; status: string };
  [key: string]: unknown;
}

/** Assert a problem response: status, code, the field it names. */
export function expectProblem(res: ApiResponse, status: number, code: string, field?: string): Problem {
  const problem = res.body as Problem;
  expect(res.status, JSON.stringify(problem)).to.equal(status);
  expect(res.headers.get('content-type')).to.contain('application/problem+json');
  expect(problem.code, JSON.stringify(problem)).to.equal(code);
  if (field) expect(problem.errors?.map((e) => e.field), JSON.stringify(problem)).to.include(field);
  return problem;
}

export const agency = 'A-KH-001';

export const person = (id: string, name: string, extra: Partial<TestPerson> = {}): TestPerson => ({
  id,
  name,
  agencyId: agency,
  unitId: 'U-PER',
  unitName: '人事室',
  status: 'active',
  jobCategory: '職員',
  serviceStartDate: '2010-01-04',
  ...extra,
});

export const manager = (id: string, name: string): TestPerson => person(id, name, { roles: [{ role: 'employee', agencyId: agency }, { role: 'attendance-manager', agencyId: agency }] });

export { eventually };
