// The punch-card-ingest service alone in a process of its own, for
// `npm run bench:ingest`, so its peak RSS is the service's and not the
// benchmark's. Started by the benchmark with an IPC channel; the directory is
// an in-memory card table (BENCH_PEOPLE cards `00<8 digits>` held by `P<n>`,
// on the 班別 of the bench). Messages:
// - to the parent: `{ ready: url }` once listening; `{ rss, cpu }` when asked; `{ job }` once the attendance job is done;
// - from the parent: `rss` (the peak so far), `job` (wait until the days the upload left are computed), `stop`.
import { loadConfig } from '@webitr/platform';
import { configSchema } from '../../services/punch-card-ingest/src/config.ts';
import { start } from '../../services/punch-card-ingest/src/service.ts';

const PEOPLE = Number(process.env['BENCH_PEOPLE'] ?? 2_500);
const AGENCY = process.env['BENCH_AGENCY'] ?? 'BENCH-AGENCY';
const card = (i: number) => `00${String(i).padStart(8, '0')}`;
const holders = new Map(Array.from({ length: PEOPLE }, (_, i) => [card(i), `P${i}`]));

const service = await start(loadConfig(configSchema, process.env), {
  directory: {
    findPeopleByCards: async ({ body }) => ({
      items: body.cardNumbers.flatMap((c) =>
        holders.has(c) ? [{ cardNumber: c, personId: holders.get(c)!, status: 'active' as const }] : [],
      ),
    }),
    getPersonSummary: async ({ params }) => ({
      id: params.personId,
      name: `測試人員 ${params.personId}`,
      agencyId: AGENCY,
      agencyName: '測試機關',
      scheduleGroup: 'office',
      status: 'active' as const,
      roles: [],
      apps: ['webitr'],
    }),
    listAgencyPeople: () => Promise.reject(new Error('not in the bench')),
  },
});

/** Peak resident set of this process so far (the kernel's high-water mark), in MB. */
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const send = (message: object) => process.send!(message);
/** CPU time this process has used so far (user and system), in seconds. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

process.on('message', (message: string) => {
  if (message === 'rss') send({ rss: peakMb(), cpu: cpuSeconds() });
  if (message === 'job')
    void (async () => {
      const started = performance.now();
      // The upload kicked the job; wait until it has worked every pending day (the job runs one pass at a time).
      while ((await service.ctx.models.pending.estimatedDocumentCount()) > 0) await new Promise((r) => setTimeout(r, 500));
      send({ job: (performance.now() - started) / 1000, rss: peakMb() });
    })();
  if (message === 'stop')
    void service.runtime.lifecycle.shutdown('bench over').then(() => {
      process.disconnect();
      process.exit(0);
    });
});
send({ ready: service.url });
