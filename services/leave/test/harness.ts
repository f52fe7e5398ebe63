import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  createEvent,
  AssertionSigner,
  ASSERTION_HEADER,
  Broker,
  createLogger,
  databaseName,
  EventConsumer,
  Inbox,
  loadConfig,
  REQUEST_ID_HEADER,
  subscribe,
} from '@webitr/platform';
import type { Logger, RunningServer, ServiceRuntime } from '@webitr/platform';
import type {
  EmploymentStatus,
  EventEnvelope,
  EventPayload,
  EventType,
  JobCategory,
  PersonSummary,
  Problem,
  RoleName,
  ScopedRole,
} from '@webitr/contracts';
import {
  cleanupNamespace,
  eventually,
  hostPort,
  suiteNamespace,
  TcpProxy,
  testAssertionKeys,
  testServiceConfig,
  testUris,
} from '@webitr/testkit';
import { configSchema as directoryConfigSchema } from '@webitr/directory/config';
import type { Config as DirectoryConfig } from '@webitr/directory/config';
import { start as startDirectory } from '@webitr/directory/service';
import { configSchema } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import type { ApprovalRoutes } from '../src/clients/approval.ts';
import type { LeaveContext } from '../src/context.ts';
import { start as startLeave } from '../src/service.ts';

export const logger = createLogger({ service: 'leave-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });

/**
 * A person of the tests. They exist in the real directory once added
 * (`h.directory.add`): the directory assigns the id and the unit's id, and the
 * roles are what its PersonSummary says — what the gateway would assert.
 */
export interface TestPerson {
  /** The directory's id; empty until the person is added. */
  id: string;
  name: string;
  agencyId: string;
  /** The unit by name; the directory creates it in the agency on first use. */
  unitName?: string;
  /** The directory's id of the unit; set when added. */
  unitId?: string;
  status: EmploymentStatus;
  jobCategory: JobCategory;
  scheduleGroup?: string;
  serviceStartDate?: string;
  /** 職稱 (教務主任, 校長, 資訊組長…): a teacher's administrative post follows from it. */
  title?: string;
  /** Roles granted in the directory on top of employee. */
  grants?: Exclude<RoleName, 'employee' | 'unit-supervisor'>[];
  /** What the directory says the person holds (set when added). */
  roles: ScopedRole[];
}

/** The check digit of a national ID (身分證字號), as the directory checks it. */
const AREA_CODES: Readonly<Record<string, number>> = {
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  I: 34,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  O: 35,
  P: 23,
  Q: 24,
  R: 25,
  S: 26,
  T: 27,
  U: 28,
  V: 29,
  W: 32,
  X: 30,
  Y: 31,
  Z: 33,
};
export function validNationalId(n: number, letter = 'A'): string {
  const stem = `${letter}1${String(n).padStart(7, '0')}`;
  const area = AREA_CODES[letter]!;
  const digits = [Math.floor(area / 10), area % 10, ...stem.slice(1).split('').map(Number)];
  const weighted = digits.reduce((total, digit, i) => total + digit * [1, 9, 8, 7, 6, 5, 4, 3, 2, 1][i]!, 0);
  return `${stem}${(10 - (weighted % 10)) % 10}`;
}

interface DirectoryRequest {
  id: string;
  method: string;
  url: string;
  status: number;
}

/** Requests the harness itself makes carry request ids with this prefix, so the tests can tell the leave service's apart. */
const HARNESS_REQUEST = 'leave-harness-';

/**
 * The real directory service (services/directory) on the suite's namespace,
 * reached by the leave service through a TcpProxy so a test can take it away.
 * People, units and agencies are created through its administration API as a
 * system administrator (a gateway-signed assertion); every request it serves
 * is read back from its own access log.
 */
export class TestDirectory {
  readonly requests: DirectoryRequest[] = [];
  readonly #units = new Map<string, string>();
  readonly #agencies = new Set<string>();
  #nationalIds = 0;
  #runtime: ServiceRuntime<DirectoryConfig> | undefined;
  #url = '';
  #proxy: TcpProxy | undefined;
  #admin: AssertionSigner | undefined;
  #service: AssertionSigner | undefined;

  /** Where the leave service reaches the directory: the proxy in front of it. */
  get url(): string {
    return `http://127.0.0.1:${this.#proxy!.port}`;
  }

  get proxy(): TcpProxy {
    return this.#proxy!;
  }

  async start(namespace: string): Promise<void> {
    const env = await testServiceConfig(namespace, { LOG_LEVEL: 'info' });
    const started = await startDirectory(loadConfig(directoryConfigSchema, env), { logger: this.#accessLog() });
    this.#runtime = started.runtime;
    this.#url = started.url;
    this.#proxy = new TcpProxy(hostPort(started.url, 80));
    await this.#proxy.start();
    const { privateJwk } = await testAssertionKeys();
    this.#admin = new AssertionSigner('gateway', privateJwk);
    this.#service = new AssertionSigner('leave', privateJwk);
  }

  async stop(): Promise<void> {
    await this.#proxy?.stop();
    await this.#runtime?.lifecycle.shutdown('test over');
  }

  /** An agency (a school), created once. */
  async agency(id: string, name = `測試機關 ${id}`): Promise<void> {
    if (this.#agencies.has(id)) return;
    await this.#asAdmin('POST', '/agencies', { id, name, level: 'school', defaultApps: ['webitr'] }, 201);
    this.#agencies.add(id);
  }

  /** A unit of the agency by name, created on first use; its id. */
  async unit(agencyId: string, name: string): Promise<string> {
    const key = `${agencyId}/${name}`;
    const known = this.#units.get(key);
    if (known) return known;
    await this.agency(agencyId);
    const created = await this.#asAdmin<{ id: string }>('POST', `/agencies/${agencyId}/units`, { name }, 201);
    this.#units.set(key, created.id);
    return created.id;
  }

  /** Create the people in the directory (新增員工), grant their roles, and fill in what the directory assigned. */
  async add(...people: TestPerson[]): Promise<void> {
    for (const p of people) {
      if (p.id) throw new Error(`${p.name} is in the directory already (${p.id})`);
      await this.agency(p.agencyId);
      const unitId = p.unitName ? await this.unit(p.agencyId, p.unitName) : undefined;
      this.#nationalIds += 1;
      const created = await this.#asAdmin<{ id: string }>(
        'POST',
        `/agencies/${p.agencyId}/people`,
        {
          nationalId: validNationalId(this.#nationalIds),
          name: p.name,
          unitId,
          jobCategory: p.jobCategory,
          scheduleGroup: p.scheduleGroup,
          serviceStartDate: p.serviceStartDate,
          title: p.title,
          status: p.status,
        },
        201,
      );
      for (const role of p.grants ?? []) await this.#asAdmin('PUT', `/people/${created.id}/roles/${role}`, undefined, 200);
      p.id = created.id;
      await this.refresh(p);
    }
  }

  /** 編輯員工資料 in the directory (which publishes directory.person.changed), then refresh the person. */
  async update(p: TestPerson, changes: Record<string, unknown>): Promise<void> {
    await this.#asAdmin('PATCH', `/people/${p.id}`, changes, 200);
    await this.refresh(p);
  }

  /** Read the person back through the internal API, as the gateway does at sign-in. */
  async refresh(p: TestPerson): Promise<PersonSummary> {
    const summary = await this.#call<PersonSummary>('leave', 'GET', `/internal/people/${p.id}`, undefined, 200);
    p.unitId = summary.unitId;
    p.unitName = summary.unitName;
    p.roles = summary.roles;
    return summary;
  }

  /** The requests the leave service made for one person's summary (GET /internal/people/:id), as the directory logged them. */
  summaryReads(personId: string): DirectoryRequest[] {
    return this.requests.filter(
      (r) => !r.id.startsWith(HARNESS_REQUEST) && r.method === 'GET' && r.url === `/internal/people/${encodeURIComponent(personId)}`,
    );
  }

  #asAdmin<T = unknown>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    return this.#call<T>('system-admin', method, path, body, expected);
  }

  /** One call straight to the directory (not through the proxy: setting up is not what the tests observe). */
  async #call<T>(caller: 'system-admin' | 'leave', method: string, path: string, body: unknown, expected: number): Promise<T> {
    const rid = `${HARNESS_REQUEST}${randomUUID()}`;
    const token =
      caller === 'system-admin'
        ? await this.#admin!.sign(
            {
              kind: 'person',
              sub: 'leave-test-system-admin',
              agencyId: 'SYSTEM',
              roles: [{ role: 'system-admin', agencyId: 'SYSTEM' }],
              zone: 'intranet',
              rid,
              cid: rid,
            },
            'directory',
          )
        : await this.#service!.sign({ kind: 'service', sub: 'service:leave', rid, cid: rid }, 'directory');
    const res = await fetch(this.#url + path, {
      method,
      headers: {
        [ASSERTION_HEADER]: token,
        [REQUEST_ID_HEADER]: rid,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`directory ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The directory's own logger at info, its access log kept in memory (and shown when LOG_LEVEL asks). */
  #accessLog(): Logger {
    const show = process.env.LOG_LEVEL && process.env.LOG_LEVEL !== 'silent';
    return createLogger({
      service: 'directory',
      level: 'info',
      destination: {
        write: (line: string) => {
          if (show) process.stdout.write(line);
          const entry = JSON.parse(line) as { req?: { id: string; method: string; url: string }; res?: { statusCode: number } };
          if (entry.req && entry.res)
            this.requests.push({ id: String(entry.req.id), method: entry.req.method, url: entry.req.url, status: entry.res.statusCode });
        },
      },
    });
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  raw: Buffer;
}

/** The leave service under test, with a fixed clock, the real directory beside it and an observer of its events. */
export class LeaveHarness {
  readonly namespace: string;
  readonly directory = new TestDirectory();
  now = new Date('2024-08-01T09:00:00+08:00');
  runtime!: ServiceRuntime<Config>;
  ctx!: LeaveContext;
  http!: Pick<RunningServer, 'url'>;
  broker!: Broker;
  observer: EventConsumer | undefined;
  readonly events: EventEnvelope[] = [];
  /** The approval service as the quotes see it; set before start (default: none reachable, the route is `unavailable`). */
  approval: ApprovalRoutes = { previewRoute: () => Promise.reject(new Error('no approval service in these tests')) };
  #signer: AssertionSigner | undefined;

  constructor(label: string) {
    this.namespace = suiteNamespace(`leave-${label}`);
  }

  /** `env` overrides the service's configuration (e.g. MONGODB_URI through a TcpProxy). */
  async start(observe: EventType[] = [], env: Record<string, string> = {}): Promise<this> {
    await this.directory.start(this.namespace);
    await this.directory.agency(agency, '高雄市立測試國民中學');
    const config = await testServiceConfig(this.namespace, { DIRECTORY_URL: this.directory.url, ...env });
    const started = await startLeave(loadConfig(configSchema, config), {
      clock: () => this.now,
      approval: { previewRoute: (input) => this.approval.previewRoute(input) },
    });
    this.runtime = started.runtime;
    this.ctx = started.ctx;
    this.http = { url: started.url };
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
    await cleanupNamespace({
      namespace: this.namespace,
      consumers: ['leave', 'notification', 'directory'],
      databases: [databaseName('leave', this.namespace), databaseName('directory', this.namespace)],
    });
  }

  /** Call the service as a person, through a gateway-signed assertion of the roles the directory gives them. */
  async as<T = unknown>(
    person: TestPerson,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    if (!person.id) throw new Error(`${person.name} has not been added to the directory`);
    const token = await this.#signer!.sign(
      {
        kind: 'person',
        sub: person.id,
        agencyId: person.agencyId,
        roles: person.roles,
        zone: 'intranet',
        rid: randomUUID(),
        cid: randomUUID(),
      },
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
  async decide<T extends 'approval.form.approved' | 'approval.form.rejected' | 'approval.form.returned'>(
    type: T,
    payload: EventPayload<T>,
  ): Promise<EventEnvelope> {
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
    return eventually(
      () => this.events.find((e) => e.type === type && (e.payload as { formId?: string }).formId === formId),
      `${type} for ${formId}`,
    );
  }

  /** Wait until the leave service has handled an event (its inbox records it after the handler succeeds). */
  async handled(event: EventEnvelope): Promise<void> {
    const inbox = new Inbox(this.runtime.mongo, 'leave');
    await eventually(async () => ((await inbox.has(event.id)) ? true : undefined), `${event.type} ${event.id} to be handled`);
  }

  /** Forms, balances, and the GridFS files with the form each is claimed by: what "nothing stored" compares. */
  async counts(): Promise<{ forms: number; balances: string; files: string }> {
    const forms = await this.ctx.models.forms.countDocuments();
    const balances = await this.ctx.models.balances.find({}, { reserved: 1, consumed: 1, granted: 1 }).sort({ _id: 1 }).lean();
    const files = await this.runtime.mongo
      .db!.collection('attachments.files')
      .find({}, { projection: { _id: 1, 'metadata.formId': 1 } })
      .sort({ _id: 1 })
      .toArray();
    return { forms, balances: JSON.stringify(balances), files: JSON.stringify(files) };
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
  if (field)
    expect(
      problem.errors?.map((e) => e.field),
      JSON.stringify(problem),
    ).to.include(field);
  return problem;
}

export const agency = 'A-KH-001';

/** A person to add to the directory: an officer (職員) of 人事室 since 2010 unless told otherwise. */
export const person = (name: string, extra: Partial<Omit<TestPerson, 'id' | 'unitId' | 'roles'>> = {}): TestPerson => ({
  id: '',
  name,
  agencyId: agency,
  unitName: '人事室',
  status: 'active',
  jobCategory: '職員',
  serviceStartDate: '2010-01-04',
  roles: [],
  ...extra,
});

/** An attendance manager (差勤管理者) of the agency, the role granted in the directory. */
export const manager = (name: string): TestPerson => person(name, { grants: ['attendance-manager'] });

export { eventually };
