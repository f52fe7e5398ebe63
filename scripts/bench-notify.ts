// `npm run bench:notify` (issue 16): how long a deputy waits for the mail that
// asks them to consent, at a sweep of submission rates. Leave submissions
// through the gateway, each by a person signed in through the development
// identity provider (the code flow, as a browser does it): the submit's 201 →
// the leave service's outbox → RabbitMQ → the notification service → SMTP →
// the deputy's mail accepted by the development mailbox, which runs in this
// process (`onMail`, `parse: false`) so both ends are read on one clock. Mails
// are matched to forms by their Message-ID (the notification's id) and the
// notification's form id: per rate, the count must equal the 201s, none lost
// and none twice; a form whose mail did not come is traced (leave's outbox →
// the notification service's inbox → its notification and mail state → the
// dead-letter queue) and the trace printed.
//
// Before the sweep, the leave service's filing capacity: a closed loop of
// BENCH_CONCURRENCY submitters for BENCH_CAPACITY_SECONDS, straight to the
// leave service (the benchmark signs the person assertions the gateway would)
// and then through the gateway, with the CPU each process spent per filing.
//
// The people are the benchmark's own: BENCH_PEOPLE applicants, each with a
// deputy of their own who files nothing (so no deputy is on leave), created in
// the directory of a throw-away namespace in the demo school. Each applicant
// files 病假 (sick leave: no balance to draw on, no certificate under two days)
// in half days, morning then afternoon of successive working days of the
// national office calendar, so no two forms of one person overlap; the default
// number of people keeps everyone below 15 sick days in the year (the cap is
// 28–30). Refusals are counted by status and code.
//
// Baseline, in the same run and at each rate: the floor, the same mails (as
// the service rendered them) sent straight to the same mailbox with
// nodemailer, pooled as the service sends them, and once more with one
// connection per mail (what the service did before: smtp-server holds every
// new connection 100 ms before its greeting, to catch clients that talk too
// soon); timed from the call to the mailbox's acceptance.
//
// Real RabbitMQ, Redis and FerretDB; directory, leave, notification and the
// gateway in processes of their own (stderr kept in BENCH_LOG_DIR); the
// identity provider and the mailbox in this one. The gateway's sign-in limit
// per address is raised (every applicant signs in from 127.0.0.1); the
// notification service runs with its defaults. Not a test.
//
// BENCH_SOURCE=events feeds the notification service the leave service's
// event instead (`leave.request.submitted`, published to RabbitMQ as leave's
// outbox relay does, one per tick with a form id of its own): the same mail
// timed from the broker's confirm, so the notification path is measured at a
// rate the leave service cannot file at on this machine's store.
//
// Env: BENCH_RATES (10,25,50 submissions/s; BENCH_RATE is one rate),
// BENCH_SECONDS (60 per rate), BENCH_PEOPLE (enough for ≤ 30 forms each, at
// least 100), BENCH_BASELINE_SECONDS (10), BENCH_CAPACITY_SECONDS (15, 0 to
// skip), BENCH_CONCURRENCY (16), BENCH_PROFILE (a process name: run it with
// --cpu-prof into BENCH_LOG_DIR), BENCH_LOG_DIR (a temporary folder).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import nodemailer from 'nodemailer';
import {
  AssertionSigner,
  ASSERTION_HEADER,
  Broker,
  connectMongo,
  createEvent,
  createLogger,
  databaseName,
  generateIssuerKeys,
  listen,
} from '@webitr/platform';
import { topology } from '@webitr/contracts';
import { createDevIdp } from '@webitr/dev-identity-provider';
import type { DevIdpAccount, DevIdpClient } from '@webitr/dev-identity-provider';
import { startMailbox } from '@webitr/dev-mailbox';
import type { ReceivedMail } from '@webitr/dev-mailbox';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { PUBLIC_DIR } from '@webitr/portal-plugin/paths';
import { cleanupNamespace } from '@webitr/testkit';
import { shippedNationalCalendars } from '@webitr/work-calendar';
import { Browser } from '../gateway/test/support/browser.ts';
import { signIn } from '../gateway/test/support/flows.ts';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ensureFerretDb, ensureRabbitMQ, ensureRedis, freePort } from './lib/infra.ts';
import { BenchProcesses, benchNationalId, cpuSeconds, loadAverage, ms, quantiles } from './lib/bench.ts';
import { benchSso, demoPortalOfAgency } from './lib/demo.ts';

const rates = (process.env['BENCH_RATES'] ?? process.env['BENCH_RATE'] ?? '10,25,50')
  .split(',')
  .map(Number)
  .filter((r) => r > 0);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 60);
const source = process.env['BENCH_SOURCE'] === 'events' ? 'events' : 'gateway';
const capacitySeconds = Number(process.env['BENCH_CAPACITY_SECONDS'] ?? 15);
const concurrency = Math.max(1, Number(process.env['BENCH_CONCURRENCY'] ?? 16));
const baselineSeconds = Math.min(seconds, Number(process.env['BENCH_BASELINE_SECONDS'] ?? 10));
// Forms the run files: the sweep, and at most ~60 filings/s in each capacity pass.
const plannedForms = rates.reduce((n, r) => n + Math.round(r * seconds), 0) + (capacitySeconds > 0 ? 2 * 60 * capacitySeconds : 0);
const peopleCount = Math.max(1, Number(process.env['BENCH_PEOPLE'] ?? Math.max(100, Math.ceil(plannedForms / 30))));
const profile = process.env['BENCH_PROFILE'];
const logDir = process.env['BENCH_LOG_DIR'] ?? mkdtempSync(path.join(os.tmpdir(), 'bench-notify-'));
const SCHOOL = 'KH-GUANGHUA-ES';
const say = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = createLogger({ service: 'bench-notify', level: 'error' });
const system = new BenchProcesses(logDir, say, profile);
const start = system.start.bind(system);
const children = system.children;

/** Working days (not off in the shipped national calendar) of one year from a date on, as `YYYY-MM-DD`. */
function workingDays(from: string, count: number): string[] {
  const days = shippedNationalCalendars()
    .flatMap(({ calendar }) => calendar.days)
    .filter((d) => !d.off && d.date >= from && d.date.slice(0, 4) === from.slice(0, 4))
    .map((d) => d.date)
    .sort();
  if (days.length < count) throw new Error(`only ${days.length} working days from ${from} in the shipped calendars; more BENCH_PEOPLE`);
  return days.slice(0, count);
}

/** The notification id in a Message-ID the notification service gave (services/notification/src/mail/queue.ts). */
const notificationOf = (messageId: string) => /^<(.+)@webitr\.notification>$/.exec(messageId)?.[1];

interface Applicant {
  n: number;
  username: string;
  email: string;
  id: string;
  deputyId: string;
  browser: Browser;
  cookie: string;
  csrf: string;
  /** The next half day this person files. */
  slot: number;
}

/** One submission's outcome. */
interface Outcome {
  status: number;
  code?: string;
  formId?: string;
  /** Request sent → answer received. */
  answerMs: number;
  /** When the 201 arrived (performance.now()). */
  at: number;
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  say(`load average at start (1/5/15 min): ${loadAtStart} on ${os.cpus().length} cores; logs in ${logDir}`);
  const namespace = `bench-notify-${randomBytes(3).toString('hex')}`;
  const [, amqpUrlFound, ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
  void amqpUrlFound;
  process.env['MONGODB_URI'] = ferret.uri;
  if (!existsSync(path.join(PUBLIC_DIR, 'index.html'))) await buildPortalPlugin();
  const amqpUrl = process.env['AMQP_URL'] || DEFAULT_AMQP_URL;

  // Accepted mails by Message-ID, on this process's clock (several entries = sent twice).
  const accepted = new Map<string, number[]>();
  const mailbox = await startMailbox({ parse: false, keep: 100 });
  mailbox.onMail((mail: ReceivedMail) => {
    const at = performance.now();
    const seen = accepted.get(mail.messageId);
    if (seen) seen.push(at);
    else accepted.set(mail.messageId, [at]);
  });

  const ports = {
    gateway: await freePort(),
    'identity-provider': await freePort(),
    directory: await freePort(),
    leave: await freePort(),
    notification: await freePort(),
  };
  const sso = benchSso(ports);
  const keys = Object.fromEntries(
    await Promise.all(
      (['gateway', 'directory', 'leave', 'notification'] as const).map(async (n) => [n, await generateIssuerKeys()] as const),
    ),
  );
  const trusted = JSON.stringify(Object.fromEntries(Object.entries(keys).map(([n, k]) => [n, k.publicJwk])));
  const privateKey = (name: string) => JSON.stringify(keys[name]!.privateJwk);
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    MONGODB_URI: ferret.uri,
    AMQP_URL: amqpUrl,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
    WEBITR_NAMESPACE: namespace,
    ASSERTION_TRUSTED_KEYS: trusted,
  };
  let idp: Awaited<ReturnType<typeof listen>> | undefined;
  let broker: Broker | undefined;
  const leaveDb = await connectMongo(ferret.uri, databaseName('leave', namespace), logger);
  const notificationDb = await connectMongo(ferret.uri, databaseName('notification', namespace), logger);
  const notifications = notificationDb.db!.collection<{
    _id: string;
    formId?: string;
    eventId: string;
    eventType: string;
    mail: { status: string; to?: string; subject: string; text: string; html: string; attempts: number; lastError?: string };
  }>('notifications');
  try {
    say('starting the directory (demo school), leave, notification, the identity provider and the gateway');
    const directoryUrl = await start('directory', 'services/directory/src/main.ts', ports.directory, {
      ...base,
      DIRECTORY_SEED_DEMO: 'true',
      ASSERTION_PRIVATE_KEY: privateKey('directory'),
    });
    const [leaveUrl] = await Promise.all([
      start('leave', 'services/leave/src/main.ts', ports.leave, {
        ...base,
        DIRECTORY_URL: directoryUrl,
        ASSERTION_PRIVATE_KEY: privateKey('leave'),
      }),
      start('notification', 'services/notification/src/main.ts', ports.notification, {
        ...base,
        DIRECTORY_URL: directoryUrl,
        SMTP_URL: `smtp://127.0.0.1:${mailbox.smtpPort}`,
        PUBLIC_URL: sso.gateway['PUBLIC_URL'],
        NOTIFICATION_PORTALS: JSON.stringify(demoPortalOfAgency()),
        ASSERTION_PRIVATE_KEY: privateKey('notification'),
      }),
    ]);

    // Person assertions as the gateway signs them: the directory's administration, and the capacity pass straight to leave.
    const gatewaySigner = new AssertionSigner('gateway', keys['gateway']!.privateJwk);
    const assertion = (
      sub: string,
      agencyId: string,
      roles: { role: 'system-admin' | 'employee'; agencyId: string }[],
      audience: string,
    ) => {
      const rid = randomUUID();
      return gatewaySigner.sign({ kind: 'person', sub, agencyId, roles, zone: 'intranet', rid, cid: rid }, audience);
    };
    async function asAdmin<T>(method: string, route: string, body: unknown): Promise<T> {
      const token = await assertion('bench-system-admin', 'SYSTEM', [{ role: 'system-admin', agencyId: 'SYSTEM' }], 'directory');
      const res = await fetch(directoryUrl + route, {
        method,
        headers: { [ASSERTION_HEADER]: token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`directory ${method} ${route} → ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    }
    say(`creating ${peopleCount} applicants and ${peopleCount} deputies in the directory`);
    const unit = await asAdmin<{ id: string }>('POST', `/agencies/${SCHOOL}/units`, { name: '壓測組' });
    const createPerson = async (n: number, role: 'a' | 'd') => {
      const username = `bench-${role}${String(n).padStart(4, '0')}`;
      const email = `${username}@bench.example.edu.tw`;
      const created = await asAdmin<{ id: string }>('POST', `/agencies/${SCHOOL}/people`, {
        nationalId: benchNationalId(role === 'a' ? n : 50_000 + n),
        name: `${role === 'a' ? '壓測申請人' : '壓測代理人'}${n}`,
        email,
        unitId: unit.id,
        jobCategory: '職員',
        serviceStartDate: '2010-01-04',
        status: 'active',
      });
      return { username, email, id: created.id };
    };
    const applicants: Applicant[] = [];
    for (let n = 0; n < peopleCount; n += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, peopleCount - n) }, async (_, k) => {
          const [a, d] = await Promise.all([createPerson(n + k, 'a'), createPerson(n + k, 'd')]);
          return { n: n + k, ...a, deputyId: d.id, browser: new Browser(), cookie: '', csrf: '', slot: 0 };
        }),
      );
      applicants.push(...batch);
    }

    // The identity provider with the applicants, then the gateway.
    const accounts: DevIdpAccount[] = applicants.map((a) => ({
      username: a.username,
      password: 'demo',
      name: `壓測申請人${a.n}`,
      email: a.email,
      nationalId: benchNationalId(a.n),
    }));
    const { app } = createDevIdp({
      issuer: sso.identityProvider['DEV_IDP_ISSUER']!,
      clients: JSON.parse(sso.identityProvider['DEV_IDP_CLIENTS']!) as DevIdpClient[],
      accounts,
      cookieKeys: [randomBytes(32).toString('base64url')],
    });
    idp = await listen(app, ports['identity-provider'], '127.0.0.1');
    const gatewayUrl = await start('gateway', 'gateway/src/main.ts', ports.gateway, {
      ...base,
      ...sso.gateway,
      LEAVE_URL: leaveUrl,
      NOTIFICATION_URL: `http://127.0.0.1:${ports.notification}`,
      // Every applicant signs in from 127.0.0.1.
      RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
      ASSERTION_PRIVATE_KEY: privateKey('gateway'),
    });

    say(`signing ${peopleCount} applicants in through the identity provider and setting each one's deputy (代理人設定)`);
    const prepare = async (a: Applicant) => {
      const { final } = await signIn(a.browser, gatewayUrl, a.username);
      if (final.status !== 200) throw new Error(`sign-in of ${a.username}: ${final.status} ${final.body.slice(0, 200)}`);
      const me = await a.browser.request(`${gatewayUrl}/api/me`);
      if (me.status !== 200) throw new Error(`/api/me of ${a.username}: ${me.status} ${me.body.slice(0, 200)}`);
      a.csrf = me.json<{ csrfToken: string }>().csrfToken;
      const deputy = await a.browser.request(`${gatewayUrl}/api/leave/deputies`, {
        json: { personId: a.deputyId },
        headers: { 'x-csrf-token': a.csrf },
      });
      if (deputy.status >= 300) throw new Error(`deputy of ${a.username}: ${deputy.status} ${deputy.body.slice(0, 300)}`);
      a.cookie = await a.browser.jar.getCookieString(`${gatewayUrl}/api/leave/forms/leave`, { http: true, sameSiteContext: 'strict' });
    };
    for (let i = 0; i < applicants.length; i += 4) await Promise.all(applicants.slice(i, i + 4).map(prepare));

    // Half days on working days from next March on: slot k of a person is day ⌊k/2⌋, morning or afternoon.
    const nextYear = new Date().getUTCFullYear() + 1;
    const days = workingDays(`${nextYear}-03-01`, Math.ceil(plannedForms / peopleCount / 2) + 10);
    const nextPeriod = (a: Applicant) => {
      const slot = a.slot++;
      const day = days[Math.floor(slot / 2)];
      if (!day) throw new Error(`${a.username} ran out of working days; more BENCH_PEOPLE`);
      return slot % 2 === 0 ? { start: `${day} 08:00`, end: `${day} 12:00` } : { start: `${day} 14:00`, end: `${day} 17:00` };
    };
    const body = (a: Applicant) => JSON.stringify({ leaveType: 'sick', ...nextPeriod(a), deputyId: a.deputyId, reason: '身體不適就醫' });
    let nextApplicant = 0;
    const anyone = () => applicants[nextApplicant++ % applicants.length]!;

    /** One submission through the gateway, as the web app sends it (session cookie, CSRF token, Idempotency-Key); keep-alive. */
    const viaGateway = async (a: Applicant): Promise<Outcome> => {
      const key = randomUUID();
      const payload = body(a);
      const send = () =>
        fetch(`${gatewayUrl}/api/leave/forms/leave`, {
          method: 'POST',
          headers: {
            cookie: a.cookie,
            accept: 'application/json',
            'content-type': 'application/json',
            'x-csrf-token': a.csrf,
            'idempotency-key': key,
          },
          body: payload,
        });
      const t = performance.now();
      let res = await send().catch(() => undefined);
      // 503 APPLICANT_BUSY (the person's previous form still being filed) is retryable: sent again with the same key, as the web app's 重試 does.
      for (let attempt = 1; res?.status === 503 && attempt <= 3; attempt += 1) {
        await res.arrayBuffer();
        retried += 1;
        await sleep(250 * attempt);
        res = await send().catch(() => undefined);
      }
      return outcomeOf(res, t);
    };
    /** The same, straight to the leave service with the assertion the gateway would sign. */
    const direct = async (a: Applicant): Promise<Outcome> => {
      const payload = body(a);
      const t = performance.now();
      const token = await assertion(a.id, SCHOOL, [{ role: 'employee', agencyId: SCHOOL }], 'leave');
      const res = await fetch(`${leaveUrl}/forms/leave`, {
        method: 'POST',
        headers: { [ASSERTION_HEADER]: token, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: payload,
      }).catch(() => undefined);
      return outcomeOf(res, t);
    };
    let retried = 0;
    /** The event leave's relay would publish for a form filed now (its own form id), published with the broker's confirm; `at` is the confirm. */
    broker = source === 'events' ? new Broker({ url: amqpUrl, namespace, service: 'leave', logger }) : undefined;
    const viaEvent = async (a: Applicant): Promise<Outcome> => {
      const period = nextPeriod(a);
      const formId = `bench-${randomUUID()}`;
      const event = createEvent(
        'leave.request.submitted',
        {
          formId,
          kind: 'leave',
          applicantId: a.id,
          agencyId: SCHOOL,
          hours: 4,
          leaveType: 'sick',
          submission: 1,
          status: 'waiting-for-deputy',
          deputyId: a.deputyId,
          start: new Date(`${period.start.replace(' ', 'T')}:00+08:00`).toISOString(),
          end: new Date(`${period.end.replace(' ', 'T')}:00+08:00`).toISOString(),
        },
        'leave',
      );
      const t = performance.now();
      try {
        await broker!.publish(event);
      } catch (error) {
        return { status: 0, code: (error as Error).message.slice(0, 60), answerMs: performance.now() - t, at: performance.now() };
      }
      return { status: 201, formId, answerMs: performance.now() - t, at: performance.now() };
    };
    async function outcomeOf(res: Response | undefined, t: number): Promise<Outcome> {
      if (!res) return { status: 0, code: 'NO_ANSWER', answerMs: performance.now() - t, at: performance.now() };
      const text = await res.text();
      const at = performance.now();
      if (res.status !== 201) {
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = text.slice(0, 60);
        }
        return { status: res.status, code, answerMs: at - t, at };
      }
      const form = (JSON.parse(text) as { items: { id: string; status: string }[] }).items[0]!;
      if (form.status !== 'waiting-for-deputy') return { status: 201, code: `filed as ${form.status}`, answerMs: at - t, at };
      return { status: 201, formId: form.id, answerMs: at - t, at };
    }

    const tracked = [...children.entries()].map(([name, c]) => ({ name, pid: c.pid }));
    tracked.push({ name: 'ferretdb', pid: ferret.pid });
    const cpuNow = () => Object.fromEntries(tracked.map(({ name, pid }) => [name, cpuSeconds(pid)]));
    const cpuLine = (before: Record<string, number>, forms: number) =>
      tracked.map(({ name }) => `${name} ${(((cpuNow()[name]! - before[name]!) * 1000) / Math.max(1, forms)).toFixed(1)}`).join(', ');
    const refusalLine = (outcomes: Outcome[]) => {
      const byCode = new Map<string, number>();
      for (const o of outcomes) if (!o.formId) byCode.set(`${o.status} ${o.code}`, (byCode.get(`${o.status} ${o.code}`) ?? 0) + 1);
      return [...byCode].map(([k, n]) => `${n} × ${k}`).join(', ') || 'none';
    };

    /** Every form any submission was answered 201 for (the rest of the mails are for forms the gateway answered otherwise). */
    const answered = new Set<string>();
    // ---- Capacity: a closed loop of `concurrency` submitters, straight to leave and then through the gateway.
    const capacity: string[] = [];
    for (const [label, submit] of capacitySeconds > 0
      ? ([
          ['straight to leave', direct],
          ['through the gateway', viaGateway],
        ] as const)
      : []) {
      const before = cpuNow();
      const outcomes: Outcome[] = [];
      const t0 = performance.now();
      const end = t0 + capacitySeconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < end) outcomes.push(await submit(anyone()));
          for (const o of outcomes) if (o.formId) answered.add(o.formId);
        }),
      );
      const elapsed = (performance.now() - t0) / 1000;
      const filed = outcomes.filter((o) => o.formId).length;
      const q = quantiles(outcomes.filter((o) => o.formId).map((o) => o.answerMs));
      capacity.push(
        `  ${label.padEnd(20)} ${(filed / elapsed).toFixed(1).padStart(6)} forms/s (${filed} filed in ${elapsed.toFixed(1)} s, ${concurrency} at once; answer p50 ${ms(q.p50)} ms, p95 ${ms(q.p95)} ms; refused: ${refusalLine(outcomes)})`,
        `  ${''.padEnd(20)} CPU ms per filing: ${cpuLine(before, filed)}; load average ${loadAverage()}`,
      );
      say(capacity.at(-2)!.trim());
      // Let the mails of these forms go out before the sweep measures anything.
      await sleep(5000);
    }

    // ---- The sweep: open loop, submission i of a rate due at i / rate seconds, whatever the answers before it.
    interface Step {
      rate: number;
      sent: number;
      late: number;
      outcomes: Outcome[];
      loadAtLoad: string;
      loadAtEnd: string;
      cpu: string;
      latencies: number[];
      lost: string[];
      twice: number;
      strangers: number;
      baselinePooled: number[];
      baselinePerMail: number[];
    }
    const steps: Step[] = [];
    const formOfNotification = new Map<string, string>();
    for (const rate of rates) {
      const total = Math.round(seconds * rate);
      const loadAtLoad = loadAverage();
      say(
        `${total} ${source === 'events' ? 'submitted events straight into RabbitMQ' : 'submissions through the gateway'} at ${rate}/s for ${seconds} s; load average ${loadAtLoad}`,
      );
      const before = cpuNow();
      const inFlight: Promise<Outcome>[] = [];
      const t0 = performance.now();
      let late = 0;
      for (let i = 0; i < total; i += 1) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -50) late += 1;
        inFlight.push(source === 'events' ? viaEvent(anyone()) : viaGateway(anyone()));
      }
      const outcomes = await Promise.all(inFlight);
      const filed = new Map(outcomes.filter((o) => o.formId).map((o) => [o.formId!, o.at]));
      const cpu = cpuLine(before, filed.size);
      say(
        `settled in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${filed.size} filed; refused: ${refusalLine(outcomes)}; waiting for the mail`,
      );

      // Until every filed form's mail is in, or none has come for 30 s; then 3 s more for any mail sent twice.
      const mailed = async () => {
        const unknown = [...accepted.keys()].map(notificationOf).filter((id): id is string => !!id && !formOfNotification.has(id));
        if (unknown.length) {
          for (const n of await notifications.find({ _id: { $in: unknown } }, { projection: { formId: 1 } }).toArray())
            formOfNotification.set(n._id, n.formId ?? '');
        }
        const perForm = new Map<string, number[]>();
        for (const [messageId, times] of accepted) {
          const formId = formOfNotification.get(notificationOf(messageId) ?? '');
          if (formId) perForm.set(formId, [...(perForm.get(formId) ?? []), ...times]);
        }
        return perForm;
      };
      let perForm = await mailed();
      const count = () => [...filed.keys()].filter((f) => perForm.has(f)).length;
      let last = -1;
      let still = performance.now();
      while (count() < filed.size && performance.now() - still < 30_000) {
        if (count() !== last) {
          last = count();
          still = performance.now();
        }
        await sleep(500);
        perForm = await mailed();
      }
      await sleep(3000);
      perForm = await mailed();
      const latencies: number[] = [];
      const lost: string[] = [];
      let twice = 0;
      for (const [formId, at201] of filed) {
        const times = perForm.get(formId);
        if (!times) lost.push(formId);
        else {
          if (times.length > 1) twice += 1;
          latencies.push(Math.min(...times) - at201);
        }
      }
      // Mails for forms whose submitter did not get a 201 (a 502 from the gateway while leave filed it after all).
      for (const formId of filed.keys()) answered.add(formId);
      const strangers = [...perForm.keys()].filter((f) => !answered.has(f)).length;
      const loadAtEnd = loadAverage();

      // The floor at this rate, in the same run: the same mails straight to the same server, pooled and a connection per mail.
      const sample = await notifications.findOne({ eventType: 'leave.request.submitted', 'mail.status': 'sent' });
      const floor = async (pool: boolean) => {
        const transport = nodemailer.createTransport({ url: `smtp://127.0.0.1:${mailbox.smtpPort}`, pool, maxConnections: 8 });
        const sentAt = new Map<string, number>();
        const sends: Promise<unknown>[] = [];
        const b0 = performance.now();
        for (let i = 0; i < Math.round(baselineSeconds * rate); i += 1) {
          const wait = b0 + (i * 1000) / rate - performance.now();
          if (wait > 0) await sleep(wait);
          const messageId = `<baseline-${randomUUID()}@bench.notify>`;
          sentAt.set(messageId, performance.now());
          sends.push(
            transport
              .sendMail({
                from: 'WebITR 差勤系統 <webitr-noreply@localhost>',
                to: sample?.mail.to ?? 'deputy@bench.example.edu.tw',
                subject: sample?.mail.subject ?? '代理通知',
                text: sample?.mail.text ?? '',
                html: sample?.mail.html ?? '',
                messageId,
              })
              .catch(() => undefined),
          );
        }
        await Promise.all(sends);
        transport.close();
        return [...sentAt].map(([id, at]) => (accepted.get(id)?.[0] ?? NaN) - at).filter((v) => !Number.isNaN(v));
      };
      const baselinePooled = await floor(true);
      const baselinePerMail = await floor(false);
      steps.push({
        rate,
        sent: total,
        late,
        outcomes,
        loadAtLoad,
        loadAtEnd,
        cpu,
        latencies,
        lost,
        twice,
        strangers,
        baselinePooled,
        baselinePerMail,
      });
    }

    // ---- Where a lost mail stopped: leave's outbox, the notification service's inbox, its notification, the dead-letter queue.
    const lostForms = steps.flatMap((s) => s.lost);
    const traces: string[] = [];
    if (lostForms.length) {
      const connection = await amqp.connect(amqpUrl);
      const channel = await connection.createChannel();
      const dead = await channel.checkQueue(topology(namespace).deadLetterQueue('notification')).catch(() => undefined);
      await connection.close();
      traces.push(`  notification's dead-letter queue holds ${dead?.messageCount ?? '?'} messages`);
      for (const formId of lostForms.slice(0, 10)) {
        const form = await leaveDb.db!.collection<{ _id: string; status: string; outboxCount?: number }>('forms').findOne({ _id: formId });
        const note = await notifications.findOne({ formId, eventType: 'leave.request.submitted' });
        const facts = await notificationDb.db!.collection('notification_forms').findOne({ _id: formId as never });
        traces.push(
          `  form ${formId}: leave ${form ? `${form.status}, ${form.outboxCount ?? 0} events in its outbox` : 'has no such form'}; ` +
            `notification service ${facts ? 'saw the submission' : 'never saw the submission'}, ` +
            (note
              ? `notification ${note._id}: mail ${note.mail.status}, ${note.mail.attempts} attempts${note.mail.lastError ? `, last error: ${note.mail.lastError}` : ''}`
              : 'no notification'),
        );
      }
    }

    // A lost mail that still comes was late, not lost: wait up to 60 s more and say which.
    if (lostForms.length) {
      const t = performance.now();
      let perForm = new Map<string | undefined, unknown>();
      for (;;) {
        const unknown = [...accepted.keys()].map(notificationOf).filter((id): id is string => !!id && !formOfNotification.has(id));
        for (const n of await notifications.find({ _id: { $in: unknown } }, { projection: { formId: 1 } }).toArray())
          formOfNotification.set(n._id, n.formId ?? '');
        perForm = new Map([...accepted.keys()].map((m) => [formOfNotification.get(notificationOf(m) ?? ''), true]));
        if (lostForms.every((f) => perForm.has(f)) || performance.now() - t > 60_000) break;
        await sleep(1000);
      }
      const came = lostForms.filter((f) => perForm.has(f)).length;
      traces.push(
        `  of the ${lostForms.length} lost, ${came} came within ${((performance.now() - t) / 1000).toFixed(0)} s more (late, not lost); ${lostForms.length - came} did not`,
      );
    }

    const line = (cells: string[]) => `  ${cells.join('  ')}`;
    console.log(
      [
        '',
        `  leave filing capacity (closed loop, 病假 with a deputy, ${peopleCount} applicants):`,
        ...capacity,
        '',
        `  sweep: ${source === 'events' ? "leave.request.submitted events published to RabbitMQ (as leave's relay does), ms from the broker's confirm" : "leave submissions through the gateway, ms from the submit's 201"} to the deputy's mail accepted by the SMTP server, ${seconds} s per rate (nearest rank); baseline: nodemailer → same server, same mail, same rate, ${baselineSeconds} s`,
        line([
          'rate/s',
          ' sent',
          '  201',
          'answer p50/p95',
          '  mail p50',
          '  p95',
          '  p99',
          '  max',
          'lost',
          'twice',
          'pooled p50/p95',
          'per-mail p50/p95',
          'load avg (1/5/15) at load → end',
        ]),
        ...steps.map((s) => {
          const q = quantiles(s.latencies);
          const a = quantiles(s.outcomes.filter((o) => o.formId).map((o) => o.answerMs));
          const bp = quantiles(s.baselinePooled);
          const bm = quantiles(s.baselinePerMail);
          return line([
            String(s.rate).padStart(6),
            String(s.sent).padStart(5),
            String(s.latencies.length + s.lost.length).padStart(5),
            `${ms(a.p50)}/${ms(a.p95)}`.padStart(14),
            ms(q.p50).padStart(10),
            ms(q.p95),
            ms(q.p99),
            ms(q.max),
            String(s.lost.length).padStart(4),
            String(s.twice).padStart(5),
            `${ms(bp.p50)}/${ms(bp.p95)}`.padStart(14),
            `${ms(bm.p50)}/${ms(bm.p95)}`.padStart(16),
            `${s.loadAtLoad} → ${s.loadAtEnd}`,
          ]);
        }),
        '',
        ...steps.map(
          (s) =>
            `  ${s.rate}/s: refused ${refusalLine(s.outcomes)}; ${s.late} sent over 50 ms late; mails for forms answered otherwise than 201: ${s.strangers}; CPU ms per filed form: ${s.cpu}`,
        ),
        `  retries after 503 APPLICANT_BUSY: ${retried}; goal: at 50/s, p95 ≤ 300 ms, every form's mail once`,
        ...(traces.length ? ['', '  lost mails, traced:', ...traces] : []),
        `  load average at start: ${loadAtStart} (${os.cpus().length} cores)`,
        '',
      ].join('\n'),
    );
    if (steps.some((s) => s.lost.length || s.twice)) process.exitCode = 1;
  } finally {
    await broker?.close();
    await system.stopAll();
    await idp?.close(1000).catch(() => undefined);
    await mailbox.close();
    await leaveDb.close();
    await notificationDb.close();
    await cleanupNamespace({
      namespace,
      consumers: ['gateway', 'directory', 'leave', 'notification'],
      databases: ['gateway', 'directory', 'leave', 'notification'].map((s) => databaseName(s, namespace)),
    }).catch(() => undefined);
    await ferret.stop();
  }
}

await main();
