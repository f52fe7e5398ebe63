import { randomUUID } from 'node:crypto';
import { AssertionSigner, ASSERTION_HEADER, Broker, createEvent, createLogger, databaseName, Inbox, loadConfig } from '@webitr/platform';
import type { EventPayload, EventType, ScopedRole } from '@webitr/contracts';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { startMailbox } from '@webitr/dev-mailbox';
import { cleanupNamespace, eventually, suiteNamespace, testAssertionKeys, testServiceConfig, testUris } from '@webitr/testkit';
import { configSchema as directoryConfigSchema } from '@webitr/directory/config';
import { start as startDirectory } from '@webitr/directory/service';
import { configSchema } from '../src/config.ts';
import type { MailQueue } from '../src/mail/queue.ts';
import type { Notification } from '../src/models/notification.ts';
import { start as startNotification } from '../src/service.ts';

export const logger = createLogger({ service: 'notification-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });
export const SCHOOL = 'KH-GUANGHUA-ES';
export const PUBLIC_URL = 'https://webitr.example.gov.tw';

/** The demo school's people (ids from the directory's demo seed), with their names and addresses. */
const account = (username: string) => {
  const found = DEMO_ACCOUNTS.find((a) => a.username === username)!;
  return { id: `demo-${username}`, name: found.name, email: found.email };
};
export const people = {
  principal: account('principal'),
  director: account('director'),
  teacher: account('teacher'),
  personnel: account('personnel'),
  schoolAdmin: account('school-admin'),
};

/**
 * The notification service under test, with the real directory (demo seed),
 * a real SMTP server in process (the development mailbox, which parses what
 * it receives) and a broker publishing the events the leave and approval
 * services publish. Retries are fast: 3 attempts, 100 ms apart and more.
 */
export async function startSystem() {
  const namespace = suiteNamespace('notification');
  const mailbox = await startMailbox();
  const directory = await startDirectory(
    loadConfig(directoryConfigSchema, await testServiceConfig(namespace, { DIRECTORY_SEED_DEMO: 'true' })),
    { logger },
  );
  const notification = await startNotification(
    loadConfig(
      configSchema,
      await testServiceConfig(namespace, {
        DIRECTORY_URL: directory.url,
        SMTP_URL: `smtp://127.0.0.1:${mailbox.smtpPort}`,
        PUBLIC_URL,
        NOTIFICATION_PORTALS: JSON.stringify({ [SCHOOL]: 'kh-edu' }),
        MAIL_MAX_ATTEMPTS: '3',
        MAIL_RETRY_BASE_MS: '100',
        MAIL_RETRY_INTERVAL_MS: '100',
        MAIL_TIMEOUT_MS: '5000',
      }),
    ),
  );
  const broker = new Broker({ url: testUris().amqp, namespace, service: 'leave', logger });
  const inbox = new Inbox(notification.runtime.mongo, 'notification');
  const notifications = notification.ctx.notifications;
  const { privateJwk } = await testAssertionKeys();
  const gateway = new AssertionSigner('gateway', privateJwk);

  /** Publish an event as its producer would; returns its id. */
  async function publish<T extends EventType>(type: T, payload: EventPayload<T>, producer = 'leave') {
    const event = createEvent(type, payload, producer);
    await broker.publish(event);
    return event;
  }

  /** Publish an envelope again exactly as it was, same id (a broker's redelivery, a relay's republish). */
  const republish = (event: Awaited<ReturnType<typeof publish>>) => broker.publish(event);

  /** Until the service has handled the event (its inbox has it) and every mail it queued is settled. */
  async function handled(eventId: string) {
    await eventually(async () => ((await inbox.has(eventId)) ? true : undefined), `event ${eventId} handled`);
    await (notification.ctx.mail as MailQueue).idle();
  }

  /** The mails the SMTP server accepted for an address about a form (by the deep link in them). */
  const mailsTo = (address: string, contains = '') =>
    mailbox.messages.filter((m) => m.to.includes(address) && (m.text.includes(contains) || m.subject.includes(contains)));

  const doc = (id: string) => notifications.findById(id).lean<Notification>();

  /** One HTTP call to the notification service as a person of the school (via the gateway's assertion). */
  const call = (personId: string, method: string, path: string, body?: unknown, roles: ScopedRole['role'][] = [], headers = {}) =>
    callIn(SCHOOL, personId, method, path, body, roles, headers);

  /** The same as a person of another agency, holding the roles there. */
  async function callIn(
    agencyId: string,
    personId: string,
    method: string,
    path: string,
    body?: unknown,
    roles: ScopedRole['role'][] = [],
    headers = {},
  ) {
    const rid = randomUUID();
    const token = await gateway.sign(
      {
        kind: 'person',
        sub: personId,
        agencyId,
        roles: [{ role: 'employee', agencyId }, ...roles.map((role) => ({ role, agencyId }))],
        zone: 'intranet',
        rid,
        cid: rid,
      },
      'notification',
    );
    const res = await fetch(notification.url + path, {
      method,
      headers: { [ASSERTION_HEADER]: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests look into the JSON
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }

  async function stop() {
    await broker.close();
    await notification.runtime.lifecycle.shutdown('test over');
    await directory.runtime.lifecycle.shutdown('test over');
    await mailbox.close();
    await cleanupNamespace({
      namespace,
      consumers: ['notification', 'directory'],
      databases: [databaseName('notification', namespace), databaseName('directory', namespace)],
    });
  }

  return { namespace, mailbox, notification, notifications, inbox, publish, republish, handled, mailsTo, doc, call, callIn, stop };
}
