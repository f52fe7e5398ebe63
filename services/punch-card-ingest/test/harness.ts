import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { AssertionSigner, ASSERTION_HEADER, Broker, createEvent, createLogger, databaseName, Inbox, loadConfig } from '@webitr/platform';
import type { ServiceRuntime } from '@webitr/platform';
import type { EventEnvelope, EventPayload, EventType, Problem, ScopedRole } from '@webitr/contracts';
import { cleanupNamespace, eventually, suiteNamespace, testAssertionKeys, testServiceConfig, testUris } from '@webitr/testkit';
import { configSchema as directoryConfigSchema } from '@webitr/directory/config';
import type { Config as DirectoryConfig } from '@webitr/directory/config';
import { start as startDirectory } from '@webitr/directory/service';
import { configSchema } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import type { PunchCardIngestContext } from '../src/context.ts';
import { start as startPunch } from '../src/service.ts';

export const logger = createLogger({ service: 'punch-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });

export const agency = 'A-KH-PUNCH';

export interface TestPerson {
  id: string;
  name: string;
  agencyId: string;
  roles: ScopedRole[];
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

let nationalIds = 0;
/** A valid 身分證字號 (the directory checks it): A1 + 7 digits + check digit. */
function nationalId(n: number): string {
  const stem = `A1${String(n).padStart(7, '0')}`;
  const digits = [1, 0, ...stem.slice(1).split('').map(Number)];
  const weighted = digits.reduce((t, d, i) => t + d * [1, 9, 8, 7, 6, 5, 4, 3, 2, 1][i]!, 0);
  return `${stem}${(10 - (weighted % 10)) % 10}`;
}

/**
 * The punch-card-ingest service on its own namespace with a fixed clock, the
 * real directory beside it (people and their cards are created there), and a
 * broker to publish events as the leave service would.
 */
export class PunchHarness {
  readonly namespace: string;
  now = new Date('2024-08-07T09:00:00+08:00');
  runtime!: ServiceRuntime<Config>;
  ctx!: PunchCardIngestContext;
  url = '';
  #directory: ServiceRuntime<DirectoryConfig> | undefined;
  #directoryUrl = '';
  #broker: Broker | undefined;
  #signer: AssertionSigner | undefined;
  #agencies = new Set<string>();

  constructor(label: string) {
    this.namespace = suiteNamespace(`punch-${label}`);
  }

  async start(env: Record<string, string> = {}): Promise<this> {
    const directoryEnv = await testServiceConfig(this.namespace);
    const directory = await startDirectory(loadConfig(directoryConfigSchema, directoryEnv), { logger });
    this.#directory = directory.runtime;
    this.#directoryUrl = directory.url;
    const config = await testServiceConfig(this.namespace, { DIRECTORY_URL: directory.url, ...env });
    const started = await startPunch(loadConfig(configSchema, config), { clock: () => this.now, logger });
    this.runtime = started.runtime;
    this.ctx = started.ctx;
    this.url = started.url;
    this.#broker = new Broker({ url: testUris().amqp, namespace: this.namespace, service: 'leave', logger });
    this.#signer = new AssertionSigner('gateway', (await testAssertionKeys()).privateJwk);
    return this;
  }

  /** The real directory beside the service (for another service a test starts). */
  get directoryUrl(): string {
    return this.#directoryUrl;
  }

  /** A gateway-signed assertion of the person for `audience` (to call another service a test starts). */
  async assertionFor(person: TestPerson, audience: string): Promise<string> {
    const rid = randomUUID();
    return this.#signer!.sign(
      { kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles, zone: 'intranet', rid, cid: rid },
      audience,
    );
  }

  async stop(): Promise<void> {
    await this.#broker?.close();
    await this.runtime?.lifecycle.shutdown('test over');
    await this.#directory?.lifecycle.shutdown('test over');
    await cleanupNamespace({
      namespace: this.namespace,
      consumers: ['punch-card-ingest', 'directory'],
      databases: [databaseName('punch-card-ingest', this.namespace), databaseName('directory', this.namespace)],
    });
  }

  /** A unit (單位) of the agency in the real directory: its id. */
  async unit(name: string, agencyId = agency): Promise<string> {
    await this.#agency(agencyId);
    return (await this.#directoryCall<{ id: string }>('POST', `/agencies/${agencyId}/units`, { name }, 201)).id;
  }

  async #agency(agencyId: string): Promise<void> {
    if (!this.#agencies.has(agencyId)) {
      await this.#directoryCall(
        'POST',
        '/agencies',
        { id: agencyId, name: `測試機關 ${agencyId}`, level: 'school', defaultApps: ['webitr'] },
        201,
      );
      this.#agencies.add(agencyId);
    }
  }

  /** A person in the real directory with their cards, unit (and the attendance-manager role if asked). */
  async person(
    name: string,
    extra: {
      cards?: string[];
      manager?: boolean;
      scheduleGroup?: string;
      agencyId?: string;
      unitId?: string;
      serviceStartDate?: string;
    } = {},
  ): Promise<TestPerson> {
    const agencyId = extra.agencyId ?? agency;
    await this.#agency(agencyId);
    nationalIds += 1;
    const created = await this.#directoryCall<{ id: string }>(
      'POST',
      `/agencies/${agencyId}/people`,
      {
        nationalId: nationalId(nationalIds),
        name,
        jobCategory: '職員',
        cardNumbers: extra.cards ?? [],
        scheduleGroup: extra.scheduleGroup ?? 'teacher',
        ...(extra.unitId ? { unitId: extra.unitId } : {}),
        ...(extra.serviceStartDate ? { serviceStartDate: extra.serviceStartDate } : {}),
      },
      201,
    );
    if (extra.manager) await this.#directoryCall('PUT', `/people/${created.id}/roles/attendance-manager`, undefined, 200);
    const roles: ScopedRole[] = [
      { role: 'employee', agencyId },
      ...(extra.manager ? [{ role: 'attendance-manager' as const, agencyId }] : []),
    ];
    return { id: created.id, name, agencyId, roles };
  }

  /** 留職停薪 from `date`, in the real directory. */
  async suspend(person: TestPerson, date: string): Promise<void> {
    await this.#directoryCall('POST', `/people/${person.id}/suspend`, { date, reason: '育嬰留職停薪' }, 200);
  }

  /** 復職 from `date`, in the real directory. */
  async reinstate(person: TestPerson, date: string): Promise<void> {
    await this.#directoryCall('POST', `/people/${person.id}/reinstate`, { date }, 200);
  }

  /** The header a gateway-signed assertion of the person travels in (for a raw fetch, e.g. a binary answer). */
  async headersFor(person: TestPerson): Promise<Record<string, string>> {
    const rid = randomUUID();
    const token = await this.#signer!.sign(
      { kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles, zone: 'intranet', rid, cid: rid },
      'punch-card-ingest',
    );
    return { [ASSERTION_HEADER]: token };
  }

  /** Call the service as a person, with a gateway-signed assertion (onsite zone unless told). */
  async as<T = unknown>(
    person: TestPerson,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const rid = randomUUID();
    const token = await this.#signer!.sign(
      { kind: 'person', sub: person.id, agencyId: person.agencyId, roles: person.roles, zone: 'intranet', rid, cid: rid },
      'punch-card-ingest',
    );
    const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
    const res = await fetch(this.url + path, {
      method,
      headers: {
        [ASSERTION_HEADER]: token,
        ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? (typeof body === 'string' ? body : new Uint8Array(body)) : JSON.stringify(body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') && text ? JSON.parse(text) : text) as T, headers: res.headers, text };
  }

  /** Call the service as a card machine through the gateway: a device assertion naming the zones, and the device's key. */
  async asDevice<T = unknown>(
    key: string | undefined,
    path: string,
    body: unknown,
    zones: string[] = [`onsite-${agency.toLowerCase()}`, 'intranet'],
  ): Promise<ApiResponse<T>> {
    const rid = randomUUID();
    const token = await this.#signer!.sign(
      { kind: 'device', sub: 'device:unverified', zones, ip: '10.30.1.9', rid, cid: rid },
      'punch-card-ingest',
    );
    const res = await fetch(this.url + path, {
      method: 'POST',
      headers: {
        [ASSERTION_HEADER]: token,
        'content-type': 'application/json',
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') && text ? JSON.parse(text) : text) as T, headers: res.headers, text };
  }

  /** Publish an event as its producer would, and wait until this service has handled it. */
  async publish<T extends EventType>(
    type: T,
    payload: EventPayload<T>,
    producer = 'leave',
    event = createEvent(type, payload, producer),
  ): Promise<EventEnvelope> {
    await this.#broker!.publish(event);
    const inbox = new Inbox(this.runtime.mongo, 'punch-card-ingest');
    await eventually(async () => ((await inbox.has(event.id)) ? true : undefined), `${type} ${event.id} to be handled`);
    return event;
  }

  /** Wait until the attendance job has worked every day uploads left. */
  async attendanceDone(): Promise<void> {
    await eventually(async () => ((await this.ctx.models.pending.countDocuments()) === 0 ? true : undefined), 'pending days to be worked');
  }

  async #directoryCall<T = unknown>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    const rid = randomUUID();
    const token = await this.#signer!.sign(
      {
        kind: 'person',
        sub: 'punch-test-system-admin',
        agencyId: 'SYSTEM',
        roles: [{ role: 'system-admin', agencyId: 'SYSTEM' }],
        zone: 'intranet',
        rid,
        cid: rid,
      },
      'directory',
    );
    const res = await fetch(this.#directoryUrl + path, {
      method,
      headers: { [ASSERTION_HEADER]: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`directory ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export function expectProblem(res: ApiResponse, status: number, code: string, field?: string): Problem {
  const problem = res.body as Problem;
  expect(res.status, res.text).to.equal(status);
  expect(res.headers.get('content-type')).to.contain('application/problem+json');
  expect(problem.code, res.text).to.equal(code);
  if (field)
    expect(
      problem.errors?.map((e) => e.field),
      res.text,
    ).to.include(field);
  return problem;
}

export { eventually };
