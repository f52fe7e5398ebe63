// `npm run bench:notify` (issue 16): how long a deputy waits for the mail that
// asks them to consent. BENCH_RATE leave submissions a second for
// BENCH_SECONDS, through the gateway, each by a person signed in through the
// development identity provider (the code flow, as a browser does it): the
// submit's 201 → the leave service's outbox → RabbitMQ → the notification
// service → SMTP → the deputy's mail accepted by the development mailbox, which
// runs in this process (`onMail`, `parse: false`) so both ends are read on one
// clock. Mails are matched to forms by their Message-ID (the notification's
// id) and the notification's form id: the count must equal the submissions,
// none lost and none twice.
//
// The people are the benchmark's own: BENCH_PEOPLE applicants (and as many
// deputies, who file nothing, so no deputy is on leave) created in the
// directory of a throw-away namespace in the demo school. Each applicant files
// 病假 (sick leave: no balance to draw on, no certificate under two days) in
// half days, morning then afternoon of successive working days of the national
// office calendar, so no two forms of one person overlap and a person's sick
// days stay far below the 28 a year.
//
// Baseline, in the same run: the floor, the same mails (as the service
// rendered them) sent straight to the same mailbox with nodemailer, one
// connection per mail as the service does, at the same rate; timed from the
// call to the mailbox's acceptance.
//
// Real RabbitMQ, Redis and FerretDB; directory, leave, notification and the
// gateway in processes of their own; the identity provider and the mailbox in
// this one. The gateway's sign-in limit per address is raised (every applicant
// signs in from 127.0.0.1); the notification service runs with its defaults
// (MAIL_RATE_PER_SECOND 50, MAIL_CONCURRENCY 8). Not a test.
//
// Env: BENCH_SECONDS (60), BENCH_RATE (50 submissions/s), BENCH_PEOPLE (100),
// BENCH_BASELINE_SECONDS (10).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { AssertionSigner, ASSERTION_HEADER, connectMongo, createLogger, databaseName, generateIssuerKeys, listen } from '@webitr/platform';
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
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ROOT, ensureFerretDb, ensureRabbitMQ, ensureRedis, freePort } from './lib/infra.ts';
import { demoPortalOfAgency, demoSso } from './lib/demo.ts';
import type { SystemProcess } from './lib/system.ts';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 60);
const rate = Number(process.env['BENCH_RATE'] ?? 50);
const peopleCount = Math.max(1, Number(process.env['BENCH_PEOPLE'] ?? 100));
const baselineSeconds = Math.min(seconds, Number(process.env['BENCH_BASELINE_SECONDS'] ?? 10));
const SCHOOL = 'KH-GUANGHUA-ES';
const say = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = createLogger({ service: 'bench-notify', level: 'error' });
const children: ChildProcess[] = [];
let stopping = false;

/** Start a process on a known port; wait until its /healthz answers. */
async function start(name: string, entry: string, port: number, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  // A process that dies during the run is said at once, with its last words: the figures after it would mean nothing.
  child.once('exit', (code, signal) => {
    if (!stopping) say(`${name} exited during the run (${code ?? signal})\n${stderr}`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})\n${stderr}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return url;
    if (Date.now() > deadline) throw new Error(`${name} did not start within 90 s\n${stderr}`);
    await sleep(200);
  }
}

/** A national ID (身分證字號) with a valid check digit, as the directory checks it; letter Z keeps clear of the demo accounts. */
function nationalId(n: number): string {
  const stem = `Z1${String(n).padStart(7, '0')}`;
  const digits = [3, 3, ...stem.slice(1).split('').map(Number)]; // Z = 33
  const weighted = digits.reduce((total, digit, i) => total + digit * [1, 9, 8, 7, 6, 5, 4, 3, 2, 1][i]!, 0);
  return `${stem}${(10 - (weighted % 10)) % 10}`;
}

/** Working days (not off in the shipped national calendar) from a date on, as `YYYY-MM-DD`. */
function workingDays(from: string, count: number): string[] {
  const days = shippedNationalCalendars()
    .flatMap(({ calendar }) => calendar.days)
    .filter((d) => !d.off && d.date >= from)
    .map((d) => d.date)
    .sort();
  if (days.length < count)
    throw new Error(`only ${days.length} working days from ${from} in the shipped calendars; fewer submissions per person (BENCH_PEOPLE)`);
  return days.slice(0, count);
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;
function summary(values: number[]): string {
  if (values.length === 0) return 'no values';
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1)!)}`;
}
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** The Message-ID the notification service gives a notification's mail (services/notification/src/mail/queue.ts). */
const messageIdOf = (notificationId: string) => `<${notificationId.replace(/[^A-Za-z0-9.:-]/g, '')}@webitr.notification>`;

interface Applicant {
  username: string;
  email: string;
  id: string;
  deputyId: string;
  browser: Browser;
  csrf: string;
}

async function main(): Promise<void> {
  const total = Math.round(seconds * rate);
  const perPerson = Math.ceil(total / peopleCount);
  const loadAtStart = loadAverage();
  say(`load average at start (1/5/15 min): ${loadAtStart} on ${os.cpus().length} cores`);
  const namespace = `bench-notify-${randomBytes(3).toString('hex')}`;
  const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
  process.env['MONGODB_URI'] = ferret.uri;
  if (!existsSync(path.join(PUBLIC_DIR, 'index.html'))) await buildPortalPlugin();

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
  const processes = (['gateway', 'identity-provider', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification'] as const).map(
    (name): SystemProcess => ({ name, entry: '', port: (ports as Record<string, number>)[name] ?? 9, readiness: '/readyz' }),
  );
  const sso = demoSso(processes);
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
    AMQP_URL: process.env['AMQP_URL'] || DEFAULT_AMQP_URL,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
    WEBITR_NAMESPACE: namespace,
    ASSERTION_TRUSTED_KEYS: trusted,
  };
  let idp: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    say('starting the directory (demo school), leave, notification, the identity provider and the gateway');
    const directoryUrl = await start('directory', 'services/directory/src/main.ts', ports.directory, {
      ...base,
      DIRECTORY_SEED_DEMO: 'true',
      ASSERTION_PRIVATE_KEY: privateKey('directory'),
    });
    await Promise.all([
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

    // The benchmark's people, created through the directory's administration API as a system administrator.
    const admin = new AssertionSigner('gateway', keys['gateway']!.privateJwk);
    async function asAdmin<T>(method: string, route: string, body: unknown): Promise<T> {
      const rid = randomUUID();
      const token = await admin.sign(
        {
          kind: 'person',
          sub: 'bench-system-admin',
          agencyId: 'SYSTEM',
          roles: [{ role: 'system-admin', agencyId: 'SYSTEM' }],
          zone: 'intranet',
          rid,
          cid: rid,
        },
        'directory',
      );
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
        nationalId: nationalId(role === 'a' ? n : 50_000 + n),
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
    for (let n = 0; n < peopleCount; n += 1) {
      const [a, d] = await Promise.all([createPerson(n, 'a'), createPerson(n, 'd')]);
      applicants.push({ ...a, deputyId: d.id, browser: new Browser(), csrf: '' });
    }

    // The identity provider with the demo accounts and the applicants, then the gateway.
    const accounts: DevIdpAccount[] = applicants.map((a, n) => ({
      username: a.username,
      password: 'demo',
      name: `壓測申請人${n}`,
      email: a.email,
      nationalId: nationalId(n),
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
      LEAVE_URL: `http://127.0.0.1:${ports.leave}`,
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
    };
    for (let i = 0; i < applicants.length; i += 4) await Promise.all(applicants.slice(i, i + 4).map(prepare));

    // Half days on working days from next March on: slot k of a person is day ⌊k/2⌋, morning or afternoon.
    const nextYear = new Date().getUTCFullYear() + 1;
    const days = workingDays(`${nextYear}-03-01`, Math.ceil(perPerson / 2));
    const period = (slot: number) => {
      const day = days[Math.floor(slot / 2)]!;
      return slot % 2 === 0 ? { start: `${day} 08:00`, end: `${day} 12:00` } : { start: `${day} 14:00`, end: `${day} 17:00` };
    };

    // The load: open loop, submission i due at i / rate seconds, whatever the answers before it.
    const submitted = new Map<string, number>(); // form id → the 201's arrival
    const refused: string[] = [];
    const inFlight: Promise<void>[] = [];
    const loadAtLoad = loadAverage();
    say(`${total} submissions at ${rate}/s for ${seconds} s (${perPerson} per applicant); load average ${loadAtLoad}`);
    let retried = 0;
    const submit = async (i: number) => {
      const a = applicants[i % peopleCount]!;
      const key = randomUUID();
      const send = () =>
        a.browser.request(`${gatewayUrl}/api/leave/forms/leave`, {
          json: { leaveType: 'sick', ...period(Math.floor(i / peopleCount)), deputyId: a.deputyId, reason: '身體不適就醫' },
          headers: { 'x-csrf-token': a.csrf, 'idempotency-key': key },
        });
      let res = await send();
      // 503 APPLICANT_BUSY (the person's previous form still being filed) is retryable: sent again with the same key, as the web app's 重試 does.
      for (let attempt = 1; res.status === 503 && attempt <= 5; attempt += 1) {
        retried += 1;
        await sleep(250 * attempt);
        res = await send();
      }
      const at = performance.now();
      if (res.status !== 201) return void refused.push(`${res.status} ${res.body.slice(0, 200)}`);
      const form = res.json<{ items: { id: string; status: string }[] }>().items[0]!;
      if (form.status !== 'waiting-for-deputy') refused.push(`form ${form.id} is ${form.status}`);
      submitted.set(form.id, at);
    };
    const t0 = performance.now();
    let late = 0;
    for (let i = 0; i < total; i += 1) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else if (wait < -50) late += 1;
      inFlight.push(submit(i));
    }
    await Promise.all(inFlight);
    const loadDuration = (performance.now() - t0) / 1000;
    say(`submitted in ${loadDuration.toFixed(1)} s: ${submitted.size} answered 201, ${refused.length} refused; waiting for the mail`);
    for (const r of refused.slice(0, 5)) say(`  refused: ${r}`);

    // Until every form's mail is in, or nothing new has come for 30 s; then 3 s more for any mail sent twice.
    let last = -1;
    let still = performance.now();
    const mails = () => [...accepted.values()].reduce((n, times) => n + times.length, 0);
    while (mails() < submitted.size && performance.now() - still < 30_000) {
      if (mails() !== last) {
        last = mails();
        still = performance.now();
      }
      await sleep(200);
    }
    await sleep(3000);
    const loadAtEnd = loadAverage();
    const serviceMails = mails();

    // Message-ID → notification → form, from the notification service's own store.
    const notificationDb = await connectMongo(ferret.uri, databaseName('notification', namespace), logger);
    const stored = await notificationDb
      .db!.collection<{
        _id: string;
        formId?: string;
        recipientId: string;
        mail: { status: string; to?: string; subject: string; text: string; html: string };
      }>('notifications')
      .find({ eventType: 'leave.request.submitted' })
      .toArray();
    const formOfMessage = new Map(stored.map((n) => [messageIdOf(n._id), n.formId ?? '']));
    const mailsPerForm = new Map<string, number[]>();
    let strangers = 0;
    for (const [messageId, times] of accepted) {
      const formId = formOfMessage.get(messageId);
      if (formId === undefined || !submitted.has(formId)) {
        strangers += times.length;
        continue;
      }
      mailsPerForm.set(formId, [...(mailsPerForm.get(formId) ?? []), ...times]);
    }
    const latencies: number[] = [];
    let lost = 0;
    let twice = 0;
    for (const [formId, at201] of submitted) {
      const times = mailsPerForm.get(formId);
      if (!times) lost += 1;
      else {
        if (times.length > 1) twice += 1;
        latencies.push(Math.min(...times) - at201);
      }
    }
    const notSent = stored.filter((n) => n.mail.status !== 'sent').length;

    // The floor: the same mails straight to the same server with nodemailer, one connection per mail, at the same rate.
    const baselineCount = Math.min(stored.length, Math.round(baselineSeconds * rate));
    const transport = nodemailer.createTransport({ url: `smtp://127.0.0.1:${mailbox.smtpPort}` });
    const sentAt = new Map<string, number>();
    const baselineSends: Promise<unknown>[] = [];
    const b0 = performance.now();
    for (let i = 0; i < baselineCount; i += 1) {
      const due = b0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const n = stored[i]!;
      const messageId = `<baseline-${i}@bench.notify>`;
      sentAt.set(messageId, performance.now());
      baselineSends.push(
        transport.sendMail({
          from: 'WebITR 差勤系統 <webitr-noreply@localhost>',
          to: n.mail.to,
          subject: n.mail.subject,
          text: n.mail.text,
          html: n.mail.html,
          messageId,
        }),
      );
    }
    await Promise.all(baselineSends);
    transport.close();
    const floor = [...sentAt].map(([id, at]) => (accepted.get(id)?.[0] ?? NaN) - at).filter((v) => !Number.isNaN(v));
    await notificationDb.close();

    const negative = latencies.filter((v) => v < 0).length;
    console.log(
      [
        '',
        `  ${submitted.size} leave submissions (病假, deputy named) through the gateway at ${rate}/s for ${seconds} s by ${peopleCount} signed-in applicants (${late} sent over 50 ms late, ${retried} retries after 503)`,
        `  time from the submit's 201 to the deputy's mail accepted by the SMTP server (nearest rank):`,
        `    submit → mail accepted        ${summary(latencies)}   (goal: p95 ≤ 300 ms)${negative ? `  (${negative} mails accepted before the 201 reached the client)` : ''}`,
        `    baseline: nodemailer → same server, same mails (${floor.length}, ${rate}/s)   ${summary(floor)}`,
        `  mails: ${serviceMails - strangers} for ${submitted.size} forms; lost ${lost}, sent twice ${twice}, not matched to a form ${strangers}; notifications not 'sent': ${notSent}; refused submissions: ${refused.length}`,
        `  load average (1/5/15 min): ${loadAtStart} at start, ${loadAtLoad} when the load began, ${loadAtEnd} at the end (${os.cpus().length} cores)`,
        '',
      ].join('\n'),
    );
    if (lost || twice || refused.length) process.exitCode = 1;
  } finally {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await idp?.close(1000).catch(() => undefined);
    await mailbox.close();
    await cleanupNamespace({
      namespace,
      consumers: ['gateway', 'directory', 'leave', 'notification'],
      databases: ['gateway', 'directory', 'leave', 'notification'].map((s) => databaseName(s, namespace)),
    }).catch(() => undefined);
    await ferret.stop();
  }
}

await main();
