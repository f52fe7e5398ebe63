import { expect } from 'chai';
import { createLogger, NATIONAL_ID_REDACTED } from '@webitr/platform';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { SERVICE } from '../src/service.ts';
import { client, demo, service, startTestDirectory } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('national ID numbers never reach the logs (integration)', function () {
  this.timeout(60_000);
  const lines: string[] = [];
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const NEW = 'D287654328';
  const IMPORTED = 'C198765437';
  const BAD = 'B123456781'; // wrong check digit
  const SAME_MASK = 'D287054328'; // masked D28*****28, like NEW
  const numbers = [NEW, IMPORTED, BAD, SAME_MASK, ...DEMO_ACCOUNTS.map((a) => a.nationalId)];

  before(async () => {
    // The service's own logger, at its most talkative level, writing into memory.
    const logger = createLogger({ service: SERVICE, level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
    directory = await startTestDirectory('directory-logging', { logger, env: { LOG_LEVEL: 'trace' } });
    api = client(directory.url);
  });
  after(() => directory?.stop());

  /**
   * Everything the service does with numbers, once, then shut down so every line
   * is written. Both tests wait for it, so either can run alone.
   */
  let exercised: Promise<{ statuses: number[]; viewed: string; report: { created: number; failed: number } }> | undefined;
  const exercise = () => (exercised ??= handleNumbers());

  async function handleNumbers() {
    const admin = demo.schoolAdmin;
    const created = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: NEW.toLowerCase(),
      name: '記錄測試',
      jobCategory: '職員',
    });
    const refused = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', { nationalId: BAD, name: '錯號', jobCategory: '職員' });
    const duplicate = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'E223456785',
      name: '重複',
      jobCategory: '職員',
    });
    for (const nationalId of [NEW, 'A123456789', BAD])
      await api.post(service('gateway'), '/internal/people/lookup', { by: 'national-id', nationalId });
    await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { nationalId: NEW });
    await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { nationalId: BAD });
    const viewed = (await api.post(demo.personnel, `/people/${created.body.id}/national-id`, { reason: '核對' })).body.nationalId as string;
    await api.patch(admin, `/people/${created.body.id}`, { nationalId: 'Z187654324' });
    await api.patch(admin, `/people/${created.body.id}`, { nationalId: NEW });
    // A number another person holds (refused), and one that keeps the mask (D28*****28).
    await api.patch(admin, `/people/${created.body.id}`, { nationalId: 'E223456785' });
    await api.patch(admin, `/people/${created.body.id}`, { nationalId: SAME_MASK });
    const csv = ['身分證字號,姓名,職務類別', `${IMPORTED.toLowerCase()},匯入者,職員`, `${BAD},錯號,職員`, `${NEW},記錄測試,外籍`].join(
      '\n',
    );
    const report = (await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/import', Buffer.from(csv))).body as {
      created: number;
      failed: number;
    };
    await api.get(admin, '/agencies/KH-GUANGHUA-ES/people/export');
    await api.get(admin, '/agencies/KH-GUANGHUA-ES/change-log?pageSize=200');
    await directory.runtime.lifecycle.shutdown('flush the logs');
    return { statuses: [created.status, refused.status, duplicate.status], viewed, report };
  }

  it('handles numbers in every way it can (create, refuse, look up, search, view, correct, import)', async () => {
    const { statuses, viewed, report } = await exercise();
    expect(statuses).to.deep.equal([201, 400, 409]);
    expect(viewed).to.equal(NEW);
    expect(report).to.include({ created: 1, failed: 2 });
  });

  it('wrote log lines (requests, start-up), none with a national ID, and never needed the redaction safety net', async () => {
    await exercise();
    const text = lines.join('');
    expect(lines.length).to.be.greaterThan(15);
    expect(text).to.contain('"msg":"request completed"');
    for (const number of numbers) {
      expect(text, number).not.to.contain(number);
      expect(text.toLowerCase(), number).not.to.contain(number.toLowerCase());
    }
    // The platform logger masks anything shaped like a number; the directory never even hands it one.
    expect(text).not.to.contain(NATIONAL_ID_REDACTED);
  });
});
