import { randomUUID } from 'node:crypto';
import {
  AssertionSigner,
  ASSERTION_HEADER,
  Broker,
  createEvent,
  createLogger,
  databaseName,
  EventConsumer,
  Inbox,
  loadConfig,
  subscribe,
} from '@webitr/platform';
import type { Clock } from '@webitr/platform';
import type { EventEnvelope, EventPayload, FormKind, ScopedRole } from '@webitr/contracts';
import { cleanupNamespace, suiteNamespace, testAssertionKeys, testServiceConfig, testUris } from '@webitr/testkit';
import { configSchema as directoryConfigSchema } from '@webitr/directory/config';
import { start as startDirectory } from '@webitr/directory/service';
import { configSchema as leaveConfigSchema } from '@webitr/leave/config';
import { start as startLeave } from '@webitr/leave/service';
import type { LeaveServiceOptions } from '@webitr/leave/service';
import { configSchema } from '../src/config.ts';
import { start as startApproval } from '../src/service.ts';

export const logger = createLogger({ service: 'approval-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });
export const SCHOOL = 'KH-GUANGHUA-ES';

/** The demo school's people, as the gateway asserts them (ids from the directory's demo seed). */
export const people = {
  principal: 'demo-principal',
  director: 'demo-director',
  teacher: 'demo-teacher',
  personnel: 'demo-personnel',
  cityAdmin: 'demo-city-admin',
} as const;

export interface Decisions {
  approved: EventPayload<'approval.form.approved'>[];
  rejected: EventPayload<'approval.form.rejected'>[];
  returned: EventPayload<'approval.form.returned'>[];
  overdue: EventPayload<'approval.step.overdue'>[];
  stepStarted: EventPayload<'approval.step.started'>[];
}

export interface SystemOptions {
  /**
   * Also run the real leave service (services/leave) in the same namespace,
   * reading the same directory, with these options (the tests fix its clock):
   * then forms go through it (`callLeave`) instead of hand-published events.
   */
  leave?: LeaveServiceOptions;
  /** The approval service's clock (the same as the leave service's, when a test needs both to agree on who is away now). */
  approvalClock?: Clock;
}

/**
 * The approval service under test with the real directory (demo seed) beside
 * it, a broker to play the leave service's events, and a listener for the
 * decisions the leave service would receive; with `leave`, the real leave
 * service too.
 */
export async function startSystem(options: SystemOptions = {}) {
  const namespace = suiteNamespace(options.leave ? 'approval-leave' : 'approval');
  const directory = await startDirectory(
    loadConfig(directoryConfigSchema, await testServiceConfig(namespace, { DIRECTORY_SEED_DEMO: 'true' })),
    { logger },
  );
  const approval = await startApproval(loadConfig(configSchema, await testServiceConfig(namespace, { DIRECTORY_URL: directory.url })), {
    clock: options.approvalClock,
  });
  const leaveService = options.leave
    ? await startLeave(
        loadConfig(leaveConfigSchema, await testServiceConfig(namespace, { DIRECTORY_URL: directory.url, APPROVAL_URL: approval.url })),
        options.leave,
      )
    : undefined;
  const leave = new Broker({ url: testUris().amqp, namespace, service: 'leave', logger });
  const decisions: Decisions = { approved: [], rejected: [], returned: [], overdue: [], stepStarted: [] };
  const listener = new EventConsumer(leave, {
    consumer: 'leave-probe',
    inbox: new Inbox(approval.runtime.mongo, 'leave-probe'),
    subscriptions: [
      subscribe('approval.form.approved', async (e) => void decisions.approved.push(e.payload)),
      subscribe('approval.form.rejected', async (e) => void decisions.rejected.push(e.payload)),
      subscribe('approval.form.returned', async (e) => void decisions.returned.push(e.payload)),
      subscribe('approval.step.overdue', async (e) => void decisions.overdue.push(e.payload)),
      subscribe('approval.step.started', async (e) => void decisions.stepStarted.push(e.payload)),
    ],
  });
  await listener.start();
  const { privateJwk } = await testAssertionKeys();
  const gateway = new AssertionSigner('gateway', privateJwk);

  /** One HTTP call to a service as a person of the school (via the gateway's assertion). */
  async function callService(
    service: 'approval' | 'leave' | 'directory',
    baseUrl: string,
    personId: string,
    method: string,
    path: string,
    body?: unknown,
    roles: ScopedRole['role'][] = [],
  ) {
    const rid = randomUUID();
    const token = await gateway.sign(
      {
        kind: 'person',
        sub: personId,
        agencyId: SCHOOL,
        roles: [{ role: 'employee', agencyId: SCHOOL }, ...roles.map((role) => ({ role, agencyId: SCHOOL }))],
        zone: 'vpn',
        rid,
        cid: rid,
      },
      service,
    );
    // A file (an attachment) goes as it is, with its type; anything else as JSON.
    const file = body instanceof Uint8Array ? body : undefined;
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        [ASSERTION_HEADER]: token,
        ...(body === undefined ? {} : { 'content-type': file ? 'application/pdf' : 'application/json' }),
      },
      body: body === undefined ? undefined : (file ?? JSON.stringify(body)),
    });
    if (!/json/.test(res.headers.get('content-type') ?? '') && res.ok)
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) as unknown as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- a downloaded file
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests look into the JSON
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : undefined) as any };
  }

  /** One HTTP call to the approval service as a person of the school. */
  const call = (personId: string, method: string, path: string, body?: unknown, roles: ScopedRole['role'][] = []) =>
    callService('approval', approval.url, personId, method, path, body, roles);

  /** One HTTP call to the leave service as a person of the school (started with `leave` only). */
  function callLeave(personId: string, method: string, path: string, body?: unknown, roles: ScopedRole['role'][] = []) {
    if (!leaveService) throw new Error('the system was started without the leave service');
    return callService('leave', leaveService.url, personId, method, path, body, roles);
  }

  /** One HTTP call to the directory's administration API as a person of the school. */
  const callDirectory = (personId: string, method: string, path: string, body?: unknown, roles: ScopedRole['role'][] = []) =>
    callService('directory', directory.url, personId, method, path, body, roles);

  /** What the leave service sends when a form is ready for its flow (a 事假 unless told: comp time is kind `comp-time`, leave type `comp-time`). */
  async function requestApproval(form: {
    applicantId: string;
    days: number;
    deputyId?: string;
    start?: Date;
    end?: Date;
    submission?: number;
    formId?: string;
    kind?: FormKind;
  }) {
    const formId = form.formId ?? randomUUID();
    const start = form.start ?? new Date(Date.now() + 7 * 86_400_000);
    const end = form.end ?? new Date(start.getTime() + form.days * 86_400_000);
    const kind = form.kind ?? 'leave';
    const leaveType = kind === 'leave' ? 'annual' : kind === 'comp-time' ? 'comp-time' : undefined;
    const event = createEvent(
      'leave.request.approval-requested',
      {
        formId,
        kind,
        applicantId: form.applicantId,
        agencyId: SCHOOL,
        submission: form.submission ?? 1,
        ...(leaveType ? { leaveType } : {}),
        start: start.toISOString(),
        end: end.toISOString(),
        minutes: form.days * 480,
        ...(form.deputyId ? { deputyId: form.deputyId } : {}),
      },
      'leave',
    );
    await leave.publish(event);
    return { formId, caseId: `${formId}:request:${form.submission ?? 1}`, event };
  }

  async function publish(event: EventEnvelope) {
    await leave.publish(event);
  }

  async function stop() {
    await listener.stop();
    await leave.close();
    await leaveService?.runtime.lifecycle.shutdown('test over');
    await approval.runtime.lifecycle.shutdown('test over');
    await directory.runtime.lifecycle.shutdown('test over');
    await cleanupNamespace({
      namespace,
      consumers: ['approval', 'directory', 'leave-probe', ...(leaveService ? ['leave'] : [])],
      databases: [
        databaseName('approval', namespace),
        databaseName('directory', namespace),
        ...(leaveService ? [databaseName('leave', namespace)] : []),
      ],
    });
  }

  return { namespace, directory, approval, leave: leaveService, call, callLeave, callDirectory, requestApproval, publish, decisions, stop };
}
