import { expect } from 'chai';
import iconv from 'iconv-lite';
import { agency, expectProblem, PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

interface Report {
  id: string;
  encoding: string;
  lines: number;
  stored: number;
  duplicates: number;
  refused: Record<string, number>;
  refusedLines: { line: number; reason: string; detail: string }[];
}

const csvProfile = {
  name: '大門卡機 CSV',
  layout: {
    format: 'csv',
    dateFormat: 'yyyyMMdd',
    headerLines: 1,
    columns: { readerId: 1, cardNumber: 2, date: 3, time: 4, inOut: 5 },
    inOutCodes: { '1': '上班', '2': '下班' },
  },
};

describe('card-file upload (卡檔上傳) (integration)', function () {
  this.timeout(60_000);
  const h = new PunchHarness('card-files');
  let manager: TestPerson;
  let teacher: TestPerson;
  let clerk: TestPerson;
  const upload = (body: string | Buffer, query = 'profile=gate&filename=gate.csv', type = 'text/csv') =>
    h.as<Report>(manager, 'POST', `/agencies/${agency}/card-files?${query}`, body, { 'content-type': type });

  before(async () => {
    await h.start();
    manager = await h.person('人事主任', { manager: true });
    teacher = await h.person('王老師', { cards: ['0012345678'] });
    clerk = await h.person('李幹事', { cards: ['0087654321'] });
    const saved = await h.as(manager, 'PUT', `/agencies/${agency}/card-file-profiles/gate`, csvProfile);
    expect(saved.status, saved.text).to.equal(200);
  });
  after(() => h.stop());

  it('stores the valid lines of a Big5 CRLF file and reports every other line with its number and reason', async () => {
    const file = [
      '卡機,卡號,日期,時間,卡別',
      '大門,0012345678,20240805,0752,1',
      '大門,0012345678,20240805,1605,2',
      '大門,0087654321,20240805,0815,1', // late (teacher group 08:00)
      '大門,0099999999,20240805,0800,1', // nobody holds it
      '大門,0012345678,20240230,0800,1', // no such day
      '大門,0012345678,20250101,0800,1', // after today
      '',
      '大門,0087654321,20240806,0750,1',
    ].join('\r\n');
    const res = await upload(iconv.encode(file, 'big5'));
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.include({ encoding: 'big5', lines: 9, stored: 4, duplicates: 0 });
    expect(res.body.refused).to.deep.equal({ malformed: 2, 'unknown-card': 1, 'date-out-of-range': 1 });
    expect(res.body.refusedLines.map((l) => [l.line, l.reason])).to.deep.equal([
      [5, 'unknown-card'],
      [6, 'malformed'],
      [7, 'date-out-of-range'],
      [8, 'malformed'],
    ]);
    expect(res.body.refusedLines[1]!.detail).to.match(/^日期錯誤/);

    const punches = await h.ctx.models.punches.find({}).sort({ at: 1 }).lean();
    expect(punches.map((p) => [p.personId === teacher.id ? '王' : '李', p.date, p.kind, p.readerId, p.channel])).to.deep.equal([
      ['王', '2024-08-05', '上班', '大門', 'file'],
      ['李', '2024-08-05', '上班', '大門', 'file'],
      ['王', '2024-08-05', '下班', '大門', 'file'],
      ['李', '2024-08-06', '上班', '大門', 'file'],
    ]);
    expect(punches).to.have.length(4);

    // The report is kept, with every refused line in order.
    const kept = await h.as<Report & { refusedLines: { line: number; text: string }[] }>(
      manager,
      'GET',
      `/agencies/${agency}/card-files/${res.body.id}`,
    );
    expect(kept.body).to.include({ lines: 9, stored: 4 });
    expect(kept.body.refusedLines.map((l) => l.line)).to.deep.equal([5, 6, 7, 8]);
    expect(kept.body.refusedLines[0]!.text).to.equal('大門,0099999999,20240805,0800,1');

    // The days the punches touch are computed by the attendance job.
    await h.attendanceDone();
    const week = await h.as<{ days: { date: string; in: string | null; out: string | null; result: { label: string } | null }[] }>(
      teacher,
      'GET',
      '/me/week?week=2024-08-05',
    );
    expect(week.body.days[0]).to.deep.include({ date: '2024-08-05', in: '07:52', out: '16:05', result: { code: 'normal', label: '正常' } });
    const clerkWeek = await h.as<{ days: { date: string; result: { label: string } | null }[] }>(clerk, 'GET', '/me/week?week=2024-08-05');
    expect(clerkWeek.body.days[0]!.result).to.deep.equal({ code: 'missing-out', label: '未刷下班卡' });
  });

  it('stores nothing new when the same or an overlapping file is uploaded again (UTF-8 with BOM, LF)', async () => {
    const before = await h.ctx.models.punches.countDocuments();
    const file =
      '\ufeff卡機,卡號,日期,時間,卡別\n大門,0012345678,20240805,0752,1\n大門,0012345678,20240805,1605,2\n大門,0087654321,20240806,1630,2\n';
    const res = await upload(Buffer.from(file, 'utf8'));
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.include({ encoding: 'utf-8', lines: 4, stored: 1, duplicates: 2 });
    expect(await h.ctx.models.punches.countDocuments()).to.equal(before + 1);
    await h.attendanceDone();
    const day = await h.ctx.models.days.findById(`${clerk.id}|2024-08-06`).lean();
    expect(day!.result).to.deep.include({ code: 'normal', in: '07:50', out: '16:30' });
  });

  it('refuses a file that is not text, an empty file and a profile that does not match, storing nothing', async () => {
    const before = await h.ctx.models.punches.countDocuments();
    const uploads = await h.ctx.models.uploads.countDocuments();
    expectProblem(await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), 415, 'CARD_FILE_TYPE_INVALID');
    expectProblem(await upload('x', 'profile=gate&filename=gate.csv', 'application/pdf'), 415, 'CARD_FILE_TYPE_INVALID');
    expectProblem(await upload('abc', 'profile=gate&filename=gate.xlsx'), 400, 'VALIDATION_FAILED', 'query.filename');
    expectProblem(await upload(''), 400, 'CARD_FILE_EMPTY');
    expectProblem(await upload('\ufeff'), 400, 'CARD_FILE_EMPTY');
    const fixedWidth = '0012345678 20240805 0752 R01 1\r\n0012345678 20240805 1605 R01 2\r\n';
    const mismatch = expectProblem(await upload(`heading\r\n${fixedWidth}`), 400, 'CARD_FILE_PROFILE_MISMATCH', 'query.profile');
    expect(mismatch.detail).to.contain('第 2 列');
    expectProblem(await upload(fixedWidth, 'profile=nope&filename=gate.csv'), 404, 'CARD_FILE_PROFILE_NOT_FOUND');
    expect(await h.ctx.models.punches.countDocuments()).to.equal(before);
    expect(await h.ctx.models.uploads.countDocuments()).to.equal(uploads);
  });

  it('lets only attendance managers of the agency upload', async () => {
    expectProblem(
      await h.as(teacher, 'POST', `/agencies/${agency}/card-files?profile=gate&filename=a.csv`, 'x', { 'content-type': 'text/csv' }),
      403,
      'ATTENDANCE_MANAGER_REQUIRED',
    );
    expectProblem(await h.as(manager, 'GET', `/agencies/OTHER/card-file-profiles`), 403, 'ATTENDANCE_MANAGER_REQUIRED');
  });
});
