import { expect } from 'chai';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { JOB_CATEGORIES } from '@webitr/contracts';
import { client, demo, service, startTestDirectory, validNationalId } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

const HEADER = '身分證字號,姓名,電子郵件,單位,職稱,職務類別,到職日期,在職狀態,班別,卡號,可用系統';
const MIXED = [
  HEADER,
  'B123456780,王小明,Ming@Guanghua.demo,教務處,教師,教師,2020-08-01,在職,導師,C100;C101,',
  'C198765437,李大華,,總務處,幹事,職員,109-02-03,,行政人員,,webitr',
  'D287654329,錯檢查碼,,教務處,教師,教師,,,,,',
  ',沒有號碼,,教務處,,教師,,,,,',
  'Z187654324,張三,,不存在處,,職員,,,,,',
  'B123456780,重複者,,,,職員,,,,,',
  'F900000011,外籍老師,,,,外籍,,,,,',
  'A800000014,日期錯,,,,職員,2023-02-30,,,,',
  'E223456785,陳怡君,,教務處,導師,教師,,,,,',
  'A123456789,李國強,,,,職員,,,,,',
  '',
  '"P212345671","引號,姓名",,,,職員,,留職停薪,,,',
  'H223456788,兩個錯,not-an-email,,,外籍,,,,,',
].join('\r\n');

const CATEGORY_MESSAGE = `職務類別應為：${JOB_CATEGORIES.join('、')}`;

/** The exact report of the first import of MIXED. */
const FIRST_REPORT_ROWS = [
  { line: 2, outcome: 'created', name: '王小明', nationalIdMasked: 'B12*****80', errors: [] },
  { line: 3, outcome: 'created', name: '李大華', nationalIdMasked: 'C19*****37', errors: [] },
  { line: 4, outcome: 'failed', name: '錯檢查碼', errors: [{ field: '身分證字號', message: '身分證字號檢查碼錯誤' }] },
  { line: 5, outcome: 'failed', name: '沒有號碼', errors: [{ field: '身分證字號', message: '此欄位為必填' }] },
  {
    line: 6,
    outcome: 'failed',
    name: '張三',
    nationalIdMasked: 'Z18*****24',
    errors: [{ field: '單位', message: '本機關查無「不存在處」單位' }],
  },
  {
    line: 7,
    outcome: 'failed',
    name: '重複者',
    nationalIdMasked: 'B12*****80',
    errors: [{ field: '身分證字號', message: '與第 2 行的身分證字號重複' }],
  },
  { line: 8, outcome: 'failed', name: '外籍老師', errors: [{ field: '職務類別', message: CATEGORY_MESSAGE }] },
  { line: 9, outcome: 'failed', name: '日期錯', errors: [{ field: '到職日期', message: '「2023-02-30」沒有這一天' }] },
  { line: 10, outcome: 'unchanged', name: '陳怡君', nationalIdMasked: 'E22*****85', personId: 'demo-teacher', errors: [] },
  {
    line: 11,
    outcome: 'failed',
    name: '李國強',
    nationalIdMasked: 'A12*****89',
    errors: [{ field: '身分證字號', message: '此人員屬於其他機關，請使用機關員工轉移' }],
  },
  { line: 13, outcome: 'created', name: '引號,姓名', nationalIdMasked: 'P21*****71', errors: [] },
  {
    line: 14,
    outcome: 'failed',
    name: '兩個錯',
    errors: [
      { field: '電子郵件', message: '電子郵件格式錯誤' },
      { field: '職務類別', message: CATEGORY_MESSAGE },
    ],
  },
];

describe('CSV import (UTF-8 and Big5) and CSV/XLSX export (integration)', function () {
  this.timeout(120_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const admin = demo.schoolAdmin;
  const importPath = '/agencies/KH-GUANGHUA-ES/people/import';

  before(async () => {
    directory = await startTestDirectory('directory-import');
    api = client(directory.url);
  });
  after(() => directory?.stop());

  const withoutIds = (rows: { personId?: string }[]) =>
    rows.map(({ personId, ...rest }) => (personId?.startsWith('demo-') ? { personId, ...rest } : rest));

  it('imports a file of good and bad rows: the exact per-row report, the good rows applied', async () => {
    const res = await api.post(admin, importPath, Buffer.from(MIXED, 'utf8'));
    expect(res.status).to.equal(200);
    const { rows, ...totals } = res.body;
    expect(totals).to.deep.equal({
      encoding: 'utf-8',
      dryRun: false,
      total: 12,
      created: 3,
      updated: 0,
      unchanged: 1,
      valid: 0,
      failed: 8,
      blankLines: [12],
      ignoredColumns: [],
    });
    expect(withoutIds(rows)).to.deep.equal(FIRST_REPORT_ROWS);
    const ming = await api.get(admin, `/people/${rows[0].personId}`);
    expect(ming.body).to.include({
      name: '王小明',
      email: 'ming@guanghua.demo',
      title: '教師',
      serviceStartDate: '2020-08-01',
      scheduleGroup: '導師',
      unitName: '教務處',
    });
    expect(ming.body.cardNumbers).to.deep.equal(['C100', 'C101']);
    expect(ming.body.apps).to.deep.equal(['webitr-edu']);
    const hua = await api.get(admin, `/people/${rows[1].personId}`);
    expect(hua.body).to.include({ serviceStartDate: '2020-02-03', status: 'active' });
    expect(hua.body.apps).to.deep.equal(['webitr-edu', 'webitr']);
    expect((await api.get(admin, `/people/${rows[10].personId}`)).body).to.include({ name: '引號,姓名', status: 'leave-without-pay' });
    expect(
      await directory.ctx.models.Person.countDocuments({
        nationalIdMasked: { $in: ['D28*****29', 'Z18*****24', 'F90*****11', 'A80*****14', 'H22*****88'] },
      }),
    ).to.equal(0);
    const log = await api.get(admin, `/people/${rows[0].personId}/change-log`);
    expect(log.body.items.map((e: { note?: string }) => e.note)).to.include('CSV 匯入第 2 行');
  });

  it('imports the same file again: nothing changes, the same failures, no new log entries or versions', async () => {
    const people = await directory.ctx.models.Person.find({}, { version: 1 }).sort({ _id: 1 }).lean();
    const entries = await directory.ctx.models.ChangeLog.countDocuments();
    const res = await api.post(admin, importPath, Buffer.from(MIXED, 'utf8'));
    const { rows, ...totals } = res.body;
    expect(totals).to.deep.equal({
      encoding: 'utf-8',
      dryRun: false,
      total: 12,
      created: 0,
      updated: 0,
      unchanged: 4,
      valid: 0,
      failed: 8,
      blankLines: [12],
      ignoredColumns: [],
    });
    expect(withoutIds(rows)).to.deep.equal(
      FIRST_REPORT_ROWS.map((row) => (row.outcome === 'created' ? { ...row, outcome: 'unchanged' } : row)),
    );
    expect(await directory.ctx.models.Person.find({}, { version: 1 }).sort({ _id: 1 }).lean()).to.deep.equal(people);
    expect(await directory.ctx.models.ChangeLog.countDocuments()).to.equal(entries);
  });

  it('imports a Big5 file (as Excel on zh-TW Windows saves it), detected as such, and again without changes', async () => {
    const text = [
      HEADER,
      'P212345671,引號,姓名,,,,職員,,,,,',
      'F900000011,蔡依林,,總務處,組長,約聘僱人員,112/3/1,,,,',
      'D287654329,錯號碼,,,,職員,,,,,',
      'Z187654324,許功蓋,,教務處,,工友,,,,,',
    ].join('\r\n');
    const big5 = iconv.encode(text, 'big5');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(big5)).to.throw(); // really not UTF-8
    const first = await api.post(admin, importPath, big5);
    expect(first.status).to.equal(200);
    expect(first.body).to.include({ encoding: 'big5', total: 4, created: 2, updated: 0, unchanged: 0, failed: 2 });
    expect(withoutIds(first.body.rows)).to.deep.equal([
      // An unquoted comma in a name shifts every later cell: each shifted cell's problem is reported.
      {
        line: 2,
        outcome: 'failed',
        name: '引號',
        errors: [
          { field: '電子郵件', message: '電子郵件格式錯誤' },
          { field: '職務類別', message: '此欄位為必填' },
          {
            field: '到職日期',
            message: '「職員」不是可辨識的日期（例：115-12-23、115/12/23、2026-12-23、1151223、20261223、民國115年12月23日）',
          },
        ],
      },
      { line: 3, outcome: 'created', name: '蔡依林', nationalIdMasked: 'F90*****11', errors: [] },
      { line: 4, outcome: 'failed', name: '錯號碼', errors: [{ field: '身分證字號', message: '身分證字號檢查碼錯誤' }] },
      { line: 5, outcome: 'created', name: '許功蓋', nationalIdMasked: 'Z18*****24', errors: [] },
    ]);
    const found = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { name: '許功蓋' });
    expect(found.body.items[0]).to.include({ name: '許功蓋', unitName: '教務處', jobCategory: '工友' });
    expect((await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { name: '蔡依林' })).body.items[0]).to.include({
      unitName: '總務處',
    });
    const again = await api.post(admin, importPath, big5);
    expect(again.body).to.include({ encoding: 'big5', created: 0, updated: 0, unchanged: 2, failed: 2 });
  });

  describe('every encoding × byte order mark × line end', () => {
    const lines = [
      HEADER,
      `${validNationalId('Q', 1)},許功蓋,,教務處,,職員,113/8/1,,,,`,
      `${validNationalId('Q', 2)},"林,淑芬",,總務處,,工友,,,,,`,
    ];
    const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
    const cases = [
      ...(['utf-8', 'big5'] as const).flatMap((encoding) =>
        [false, true].map((bom) => ({
          encoding,
          bom,
          encode: (text: string) => Buffer.concat([bom ? UTF8_BOM : Buffer.alloc(0), iconv.encode(text, encoding)]),
        })),
      ),
      // "Unicode text": UTF-16 always comes with its BOM.
      ...(['utf-16le', 'utf-16be'] as const).map((encoding) => ({
        encoding,
        bom: true,
        encode: (text: string) => iconv.encode(text, encoding, { addBOM: true }),
      })),
    ];
    for (const { encoding, bom, encode } of cases) {
      for (const [eolName, eol] of [
        ['CRLF', '\r\n'],
        ['LF', '\n'],
        ['CR', '\r'],
      ] as const) {
        it(`${encoding} ${bom ? 'with' : 'without'} a BOM, ${eolName}: every row read, the encoding named`, async () => {
          const bytes = encode(lines.join(eol) + eol);
          const res = await api.post(admin, `${importPath}?dryRun=true`, bytes);
          expect(res.status, JSON.stringify(res.body)).to.equal(200);
          expect(res.body).to.include({ encoding, total: 2, valid: 2, failed: 0 });
          expect(res.body.ignoredColumns).to.deep.equal([]);
          expect(res.body.rows.map((r: { line: number; name: string }) => [r.line, r.name])).to.deep.equal([
            [2, '許功蓋'],
            [3, '林,淑芬'],
          ]);
        });
      }
    }
  });

  it('writes a file of new people in a few batched writes, not some fifteen round trips per row; a row whose e-mail is taken still says so', async () => {
    const size = 60;
    const lines = [HEADER];
    for (let i = 1; i <= size; i += 1)
      lines.push(`${validNationalId('W', i)},批次${i},batch${i}@guanghua.demo,教務處,教師,教師,2024-08-01,,,W${i},`);
    lines.push(`${validNationalId('W', size + 1)},信箱重複,teacher@guanghua.demo,,,職員,,,,,`);
    // What the import itself writes (the outbox relay and the event consumer share the connection, and write their own).
    const writes = new Map<string, number>();
    const connection = directory.runtime.mongo;
    connection.set('debug', (collection: string, method: string) => {
      if (['person_keys', 'people', 'change_log'].includes(collection) && /^insert/.test(method))
        writes.set(`${collection}.${method}`, (writes.get(`${collection}.${method}`) ?? 0) + 1);
    });
    let res;
    try {
      res = await api.post(admin, importPath, Buffer.from(lines.join('\r\n')));
    } finally {
      connection.set('debug', false);
    }
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ total: size + 1, created: size, failed: 1 });
    expect(res.body.rows[size]).to.deep.include({
      line: size + 2,
      outcome: 'failed',
      errors: [{ field: '電子郵件', message: '此電子郵件已由其他人員使用' }],
    });
    const inserts = [...writes.values()].reduce((a, b) => a + b, 0);
    expect(inserts, JSON.stringify(Object.fromEntries(writes))).to.be.at.most(10);
    // Each person is there with their claims and their change-log entry, and nothing is left in a journal.
    const ids = res.body.rows.slice(0, size).map((r: { personId: string }) => r.personId);
    expect(await directory.ctx.models.Person.countDocuments({ _id: { $in: ids }, journalCount: 0 })).to.equal(size);
    expect(await directory.ctx.models.PersonKey.countDocuments({ personId: { $in: ids } })).to.equal(size * 3);
    const created = await directory.ctx.models.ChangeLog.find(
      { personId: { $in: ids }, action: 'person.created' },
      { note: 1, personId: 1 },
    ).lean();
    expect(created.map((e) => e.note).sort()).to.deep.equal(ids.map((_: string, i: number) => `CSV 匯入第 ${i + 2} 行`).sort());
    const card = await api.get(service(), `/internal/agencies/KH-GUANGHUA-ES/cards/W${size}`);
    expect(card.body).to.include({ id: ids[size - 1], name: `批次${size}` });
  });

  it('reports an update when a re-imported row differs, and a status change through the import', async () => {
    const csv = [HEADER, 'B123456780,王小明,,,組長,教師,,留職停薪,,,webitr'].join('\n');
    const res = await api.post(admin, importPath, Buffer.from(csv));
    expect(res.body.rows[0]).to.include({ outcome: 'updated' });
    const person = await api.get(admin, `/people/${res.body.rows[0].personId}`);
    expect(person.body).to.include({ title: '組長', status: 'leave-without-pay' });
    expect(person.body.apps).to.deep.equal(['webitr-edu', 'webitr']);
    expect((await api.post(admin, importPath, Buffer.from(csv))).body.rows[0].outcome).to.equal('unchanged');
  });

  it('checks without applying in a dry run', async () => {
    const csv = [HEADER, `${validNationalId('K', 1)},試算者,,,,職員,,,,,`, 'D287654329,錯,,,,職員,,,,,'].join('\n');
    const res = await api.post(admin, `${importPath}?dryRun=true`, Buffer.from(csv));
    expect(res.body).to.include({ dryRun: true, valid: 1, failed: 1, created: 0 });
    expect((await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { name: '試算者' })).body.total).to.equal(0);
  });

  it('refuses a file without the required columns, or with broken quoting, naming the line', async () => {
    const noColumns = await api.post(admin, importPath, Buffer.from('姓名,單位\n王,教務處\n'));
    expect([noColumns.status, noColumns.body.code]).to.deep.equal([400, 'IMPORT_COLUMNS_MISSING']);
    expect(noColumns.body.detail).to.equal('第 1 行（標題列）缺少欄位：身分證字號、職務類別');
    const broken = await api.post(admin, importPath, Buffer.from(`${HEADER}\nB123456780,"王,,,,職員\n`));
    expect([broken.status, broken.body.code]).to.deep.equal([400, 'CSV_MALFORMED']);
  });

  it('exports the agency as CSV: UTF-8 with BOM, the import columns, masked numbers, apps', async () => {
    const res = await api.get(admin, '/agencies/KH-GUANGHUA-ES/people/export?format=csv');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/csv');
    expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="KH-GUANGHUA-ES-people-\d{4}-\d{2}-\d{2}\.csv"/);
    expect([...res.raw.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const records = parse(res.raw.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(records).to.have.length(await directory.ctx.models.Person.countDocuments({ agencyId: 'KH-GUANGHUA-ES' }));
    expect(Object.keys(records[0]!)).to.deep.equal(
      [...HEADER.split(','), '在職狀態'].slice(0, 8).concat(['狀態生效日', '班別', '卡號', '可用系統', '角色']),
    );
    const teacher = records.find((r) => r['姓名'] === '陳怡君')!;
    expect(teacher).to.include({ 身分證字號: 'E22*****85', 單位: '教務處', 職務類別: '教師', 在職狀態: '在職', 可用系統: 'webitr-edu' });
    for (const id of ['E223456785', 'B123456780', 'E221234567']) expect(res.raw.toString()).not.to.contain(id);
  });

  it('exports as XLSX: the people sheet and the app-permission sheet, masked', async () => {
    const res = await api.get(admin, '/agencies/KH-GUANGHUA-ES/people/export?format=xlsx');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(res.raw).buffer);
    const people = book.getWorksheet('員工資料')!;
    const count = await directory.ctx.models.Person.countDocuments({ agencyId: 'KH-GUANGHUA-ES' });
    expect(people.rowCount).to.equal(count + 1);
    expect(people.getRow(1).getCell(1).value).to.equal('身分證字號');
    const values = people.getSheetValues().flat().map(String);
    expect(values).to.include('E22*****85');
    expect(values.join()).not.to.contain('E223456785');
    const apps = book.getWorksheet('應用系統權限')!;
    const appRows = apps
      .getSheetValues()
      .slice(2)
      .map((row) => (row as string[]).slice(1));
    expect(appRows).to.deep.include(['E22*****85', '陳怡君', '教務處', 'webitr-edu']);
    const exports = await api.get(admin, '/agencies/KH-GUANGHUA-ES/change-log?action=people.exported');
    expect(exports.body.items.map((e: { after: { format: string } }) => e.after.format)).to.deep.equal(['xlsx', 'csv']);
  });
});
