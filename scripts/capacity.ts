// `npm run capacity` (issue 19): the numbers of docs/capacity.md. The load of
// a school, a district and a city from what people do in a day (the
// assumptions below, each with its reason), against what one instance
// measured on the 2-core development machine in the project's benchmarks
// (MEASURED, with the benchmark each comes from), scaled to the instances and
// cores each size needs at a stated target utilisation. Prints the markdown
// that docs/capacity.md holds between its markers; `--write` puts it there
// (scripts/test/capacity.test.ts fails when the two differ).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Per instance (one Node process, one core at most), measured here; CPU per unit of work, so it scales with cores. */
export const MEASURED = {
  /** Gateway CPU per API call of a real page (home page: /api/me + counts + inbox + week), bench:gateway on a quiet machine (2.6–4.1 ms per 5-call page). */
  gatewayCpuMsPerCall: 0.68,
  /** A service's CPU per home-page call (leave, approval, punch-card-ingest: 2.5–5.5 ms per page each, bench:gateway). */
  serviceCpuMsPerCall: 1.1,
  /** punch-card-ingest CPU per web punch through the gateway (bench:punch-rush: 405–529 µs) and the gateway's (502 µs). */
  punchServiceCpuMsPerPunch: 0.53,
  gatewayCpuMsPerPunch: 0.5,
  /**
   * Leave's CPU per filed form: an estimate, not a measurement per form — bench:notify's capacity pass filed
   * 6.7 forms/s straight to leave on a loaded machine, with leave about a quarter of the CPU it took
   * (FerretDB most of the rest): 1000 ms / 6.7 × ¼ ≈ 37 ms.
   */
  leaveCpuMsPerForm: 37,
  /** Events one relay publishes per second once the broker is back (bench:outbox, run 2). */
  relayEventsPerSecond: 2012,
  /** MongoDB-protocol store: FerretDB's CPU per web punch (bench:punch-rush), the costliest write path measured; MongoDB's is a fraction. */
  storeCpuMsPerPunchFerretDb: 3.2,
  /** The store's CPU per home-page call on FerretDB (bench:gateway: 8.7–13.9 ms per 5-call page). */
  storeCpuMsPerCallFerretDb: 2.2,
} as const;

/** What people do, per person and working day, and how the morning concentrates it. */
export const ASSUMPTIONS = {
  /** Sign-ins a day: the tile in the morning, sometimes again after lunch. */
  signInsPerDay: 1.3,
  /** API calls per sign-in: the home page (5), then 2–3 pages of 3–5 calls. */
  callsPerSignIn: 15,
  /** Share of the day's sign-ins in the morning hour (07:30–08:30: everyone arrives, punches, checks the week). */
  morningHourShare: 0.55,
  /** The busiest minute of that hour against its average. */
  peakMinuteFactor: 3,
  /** Share of people punching on the web (出勤刷卡) rather than at a card machine. */
  webPunchShare: 0.5,
  /** The morning's web punches fall within 30 min; the busiest minute carries this many times the average. */
  punchWindowMinutes: 30,
  punchPeakFactor: 3,
  /** Forms (leave, overtime, 忘刷卡) per person and working day: ~20 a year over ~250 working days. */
  formsPerDay: 0.08,
  /** Share of the day's forms in the morning hour. */
  formsMorningShare: 0.3,
  /** Events per form over its life (submitted, deputy, approval requested, each step, decided, attendance). */
  eventsPerForm: 8,
  /** Mails per form (deputy, each approver, the applicant). */
  mailsPerForm: 3.5,
  /** Sessions alive at once at the morning peak, as a share of people; bytes each in Redis. */
  sessionsShare: 0.7,
  sessionBytes: 2_500,
  /** Target utilisation of a core at the busiest minute: headroom for a node lost and for GC. */
  targetUtilisation: 0.6,
  /** At least this many instances of each process (one can be lost or rolled). */
  minInstances: 2,
} as const;

export const SIZES = [
  { name: 'a school', people: 100 },
  { name: 'a district (teachers)', people: 30_000 },
  { name: 'a city (staff)', people: 70_000 },
] as const;

const perMinutePeak = (perHour: number, factor: number) => (perHour / 60) * factor;

export function model(people: number) {
  const a = ASSUMPTIONS;
  const m = MEASURED;
  const callsPerSecond = perMinutePeak(people * a.signInsPerDay * a.morningHourShare * a.callsPerSignIn, a.peakMinuteFactor) / 60;
  const punchesPerSecond = ((people * a.webPunchShare) / (a.punchWindowMinutes * 60)) * a.punchPeakFactor;
  const formsPerSecond = perMinutePeak(people * a.formsPerDay * a.formsMorningShare, a.peakMinuteFactor) / 60;
  const eventsPerSecond = formsPerSecond * a.eventsPerForm;
  const mailsPerSecond = formsPerSecond * a.mailsPerForm;
  const cores = (cpuMsPerSecond: number) => cpuMsPerSecond / 1000 / a.targetUtilisation;
  const gatewayCores = cores(callsPerSecond * m.gatewayCpuMsPerCall + punchesPerSecond * m.gatewayCpuMsPerPunch);
  const serviceCores = cores(callsPerSecond * m.serviceCpuMsPerCall);
  const punchCores = cores(punchesPerSecond * m.punchServiceCpuMsPerPunch);
  const leaveCores = cores(formsPerSecond * m.leaveCpuMsPerForm);
  const instances = (c: number) => Math.max(a.minInstances, Math.ceil(c));
  return {
    callsPerSecond,
    punchesPerSecond,
    formsPerSecond,
    eventsPerSecond,
    mailsPerSecond,
    sessionsMb: (people * a.sessionsShare * a.sessionBytes) / 1e6,
    gateway: { cores: gatewayCores, instances: instances(gatewayCores) },
    /** The read-heavy services of the home page (leave, approval, punch-card-ingest), together. */
    pageServices: { cores: serviceCores, instances: instances(serviceCores / 3) },
    punch: { cores: punchCores, instances: instances(punchCores) },
    leave: { cores: leaveCores, instances: instances(leaveCores) },
    relayShare: eventsPerSecond / m.relayEventsPerSecond,
    storeCoresIfFerretDb: cores(punchesPerSecond * m.storeCpuMsPerPunchFerretDb + callsPerSecond * m.storeCpuMsPerCallFerretDb),
  };
}

const f = (n: number, digits = 1) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function capacityMarkdown(): string {
  const rows = SIZES.map((s) => ({ ...s, m: model(s.people) }));
  const col = (label: string, cell: (m: ReturnType<typeof model>) => string) => `| ${label} | ${rows.map((r) => cell(r.m)).join(' | ')} |`;
  return [
    `| at the busiest minute of the morning | ${rows.map((r) => `${r.name} (${r.people.toLocaleString('en')})`).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
    col('API calls/s through the gateway', (m) => f(m.callsPerSecond)),
    col('web punches/s', (m) => f(m.punchesPerSecond)),
    col('forms filed/s', (m) => f(m.formsPerSecond, 2)),
    col('events/s (all services)', (m) => f(m.eventsPerSecond, 2)),
    col('mails/s', (m) => f(m.mailsPerSecond, 2)),
    col('sessions in Redis', (m) => `${f(m.sessionsMb)} MB`),
    col('gateway: cores → instances', (m) => `${f(m.gateway.cores, 2)} → ${m.gateway.instances}`),
    col(
      'leave + approval + punch-card-ingest reads: cores → instances each',
      (m) => `${f(m.pageServices.cores, 2)} → ${m.pageServices.instances}`,
    ),
    col('punch-card-ingest writes: cores → instances', (m) => `${f(m.punch.cores, 2)} → ${m.punch.instances}`),
    col('leave filing: cores → instances', (m) => `${f(m.leave.cores, 2)} → ${m.leave.instances}`),
    col("one outbox relay's publishing capacity used", (m) => `${f(m.relayShare * 100, 2)}%`),
    col('store CPU (reads and punches) if it cost what FerretDB costs here', (m) => `${f(m.storeCoresIfFerretDb, 2)} cores`),
  ].join('\n');
}

const BEGIN = '<!-- capacity:begin (npm run capacity -- --write) -->';
const END = '<!-- capacity:end -->';
export const CAPACITY_DOC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'capacity.md');

/** docs/capacity.md's table as it is written there now. */
export function documentedTable(): string {
  const doc = readFileSync(CAPACITY_DOC, 'utf8');
  return doc.slice(doc.indexOf(BEGIN) + BEGIN.length, doc.indexOf(END)).trim();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = capacityMarkdown();
  if (process.argv.includes('--write')) {
    const doc = readFileSync(CAPACITY_DOC, 'utf8');
    writeFileSync(CAPACITY_DOC, `${doc.slice(0, doc.indexOf(BEGIN) + BEGIN.length)}\n${table}\n${doc.slice(doc.indexOf(END))}`);
  }
  console.log(table);
}
