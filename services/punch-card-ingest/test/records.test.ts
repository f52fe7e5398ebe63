import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { DEMO_CARD_FILE_PROFILES } from '@webitr/contracts';
import type { AgencyPunchRecordsView, AttendanceReportView, DayRecordView, MyPunchRecordsView } from '@webitr/contracts';
import { agency, expectProblem, PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

/** The 光華 demo format (CSV: reader, card, yyyyMMdd, HHmm, 1/2), as `npm start` seeds it. */
const gate = DEMO_CARD_FILE_PROFILES.find((p) => p.profileId === 'gate')!;

/** An XLSX answer read back with the library that wrote it: each sheet's rows as cell values. */
async function readXlsx(body: ArrayBuffer): Promise<Map<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body);
  const sheets = new Map<string, unknown[][]>();
  book.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

const day = (items: readonly DayRecordView[], date: string, personId?: string) =>
  items.find((d) => d.date === date && (!personId || d.personId === personId))!;

describe('刷卡資料 and the attendance report (integration)', function () {
  this.timeout(90_000);
  const h = new PunchHarness('records');
  let manager: TestPerson;
  let chen: TestPerson;
  let lin: TestPerson;
  let teaching: string;

  before(async () => {
    await h.start();
    teaching = await h.unit('教務處');
    const personnel = await h.unit('人事室');
    manager = await h.person('人事主任', { manager: true, unitId: personnel });
    chen = await h.person('陳老師', { cards: ['0011112222'], unitId: teaching });
    lin = await h.person('林老師', { cards: ['0033334444'], unitId: teaching });
    h.now = new Date('2024-08-08T09:00:00+08:00');
    const saved = await h.as(manager, 'PUT', `/agencies/${agency}/card-file-profiles/gate`, { name: gate.name, layout: gate.layout });
    expect(saved.status, saved.text).to.equal(200);
    // 陳: 08-05 on time, 08-06 no 下班卡, 08-07 nothing. 林: 08-05 late, 08-06 in by the machine pushing (below), out in the file.
    const file = [
      '卡機,卡號,日期,時間,卡別',
      'R01,0011112222,20240805,0755,1',
      'R01,0011112222,20240805,1605,2',
      'R01,0011112222,20240806,0750,1',
      'R01,0033334444,20240805,0820,1',
      'R01,0033334444,20240805,1610,2',
      'R01,0033334444,20240806,1602,2',
    ].join('\r\n');
    const upload = await h.as(manager, 'POST', `/agencies/${agency}/card-files?profile=gate&filename=gate.csv`, file, {
      'content-type': 'text/csv',
    });
    expect(upload.status, upload.text).to.equal(201);
    const device = await h.as<{ key: string }>(manager, 'POST', `/agencies/${agency}/devices`, { name: '側門刷卡機', readerId: 'R02' });
    const pushed = await h.asDevice(device.body.key, '/device-punches', {
      batchId: 'R02-20240808-0001',
      sentAt: h.now.toISOString(),
      punches: [{ card: '0033334444', at: '2024-08-06T07:58:00+08:00', kind: '上班' }],
    });
    expect(pushed.status, pushed.text).to.equal(201);
    // 陳 punches on the web early this morning: today is not judged yet.
    h.now = new Date('2024-08-08T07:45:00+08:00');
    expect((await h.as(chen, 'POST', '/web-punches', { kind: '上班' })).status).to.equal(201);
    h.now = new Date('2024-08-08T09:00:00+08:00');
    await h.attendanceDone();
  });
  after(() => h.stop());

  it('shows my punches from every source with each day’s result, newest first, and the days missing a punch as open', async () => {
    const res = await h.as<MyPunchRecordsView>(chen, 'GET', '/me/punch-records?from=2024-08-05&to=2024-08-08');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.items.map((d) => d.date)).to.deep.equal(['2024-08-08', '2024-08-07', '2024-08-06', '2024-08-05']);
    const [today, absent, missingOut, normal] = res.body.items;
    expect(today!.punches.map((p) => [p.time, p.channelLabel, p.kind])).to.deep.equal([['07:45', '網路刷卡', '上班']]);
    expect(today).to.include({ result: null, missing: null, correction: null });
    expect(absent).to.deep.include({
      result: { code: 'absent', label: '曠職' },
      missing: 'both',
      correction: 'open',
      correctionLabel: '待更正',
    });
    expect(missingOut!.punches.map((p) => [p.time, p.channel])).to.deep.equal([['07:50', 'file']]);
    expect(missingOut).to.deep.include({ in: '07:50', out: null, result: { code: 'missing-out', label: '未刷下班卡' }, missing: 'out' });
    expect(normal).to.deep.include({ label: '113-08-05 (一)', in: '07:55', out: '16:05', result: { code: 'normal', label: '正常' } });
    expect(normal).to.include({ name: '陳老師', unitName: '教務處', correction: null });

    const lins = await h.as<MyPunchRecordsView>(lin, 'GET', '/me/punch-records?from=2024-08-06&to=2024-08-06');
    expect(lins.body.items[0]!.punches.map((p) => [p.time, p.channelLabel])).to.deep.equal([
      ['07:58', '刷卡機'],
      ['16:02', '卡檔'],
    ]);
    expectProblem(await h.as(chen, 'GET', '/me/punch-records?from=2024-01-01&to=2024-08-08'), 400, 'PERIOD_TOO_LONG', 'query.to');
    expectProblem(await h.as(chen, 'GET', '/me/punch-records?from=2024-08-09&to=2024-08-08'), 400, 'PERIOD_INVALID', 'query.from');
  });

  it('follows a 忘刷卡 form: waiting (申請中), approved (the result changes, 已更正 by that form), and a rejected one leaves the day open', async () => {
    const form = { formId: 'F-OUT-0806', kind: 'forgotten-punch' as const, applicantId: chen.id, agencyId: agency };
    await h.publish('leave.request.approval-requested', {
      ...form,
      submission: 1,
      punchDirection: 'out',
      start: '2024-08-06T16:00:00+08:00',
      end: '2024-08-06T16:01:00+08:00',
      minutes: 0,
    });
    let items = (await h.as<MyPunchRecordsView>(chen, 'GET', '/me/punch-records?from=2024-08-06&to=2024-08-06')).body.items;
    expect(items[0]).to.deep.include({
      correction: 'requested',
      correctionLabel: '忘刷卡申請中',
      result: { code: 'missing-out', label: '未刷下班卡' },
    });
    expect(items[0]!.corrections).to.deep.equal([
      { formId: 'F-OUT-0806', direction: 'out', directionLabel: '下班卡', time: '16:00', status: 'requested', statusLabel: '申請中' },
    ]);

    await h.publish('leave.request.approved', { ...form, decidedBy: manager.id });
    items = (await h.as<MyPunchRecordsView>(chen, 'GET', '/me/punch-records?from=2024-08-06&to=2024-08-06')).body.items;
    expect(items[0]).to.deep.include({ in: '07:50', out: '16:00', result: { code: 'normal', label: '正常' }, correction: 'corrected' });
    expect(items[0]!.corrections[0]).to.include({ formId: 'F-OUT-0806', status: 'approved', statusLabel: '已核准' });
    // The raw punch stays as it came; the form's punch stands beside it.
    expect(items[0]!.punches.map((p) => [p.time, p.channelLabel, p.formId])).to.deep.equal([
      ['07:50', '卡檔', null],
      ['16:00', '忘刷卡', 'F-OUT-0806'],
    ]);

    const other = { formId: 'F-IN-0807', kind: 'forgotten-punch' as const, applicantId: chen.id, agencyId: agency };
    await h.publish('leave.request.approval-requested', {
      ...other,
      submission: 1,
      punchDirection: 'in',
      start: '2024-08-07T07:55:00+08:00',
      end: '2024-08-07T07:56:00+08:00',
      minutes: 0,
    });
    items = (await h.as<MyPunchRecordsView>(chen, 'GET', '/me/punch-records?from=2024-08-07&to=2024-08-07')).body.items;
    expect(items[0]).to.include({ correction: 'requested' });
    await h.publish('leave.request.rejected', { ...other, reason: '未附證明' });
    items = (await h.as<MyPunchRecordsView>(chen, 'GET', '/me/punch-records?from=2024-08-07&to=2024-08-07')).body.items;
    expect(items[0]).to.include({ correction: 'open', missing: 'both' });
    expect(items[0]!.corrections).to.deep.equal([]);
  });

  it('lets attendance managers search people by name, card or unit, filter open or corrected days, and page', async () => {
    const url = (query: string) => `/agencies/${agency}/punch-records?from=2024-08-05&to=2024-08-07&${query}`;
    const byName = await h.as<AgencyPunchRecordsView>(manager, 'GET', url('q=陳'));
    expect(byName.status, byName.text).to.equal(200);
    expect(byName.body.people.map((p) => p.name)).to.deep.equal(['陳老師']);
    expect(byName.body).to.include({ total: 3, page: 1, pageSize: 50 });
    expect(byName.body.units.map((u) => u.unitName)).to.have.members(['人事室', '教務處']);
    const byCard = await h.as<AgencyPunchRecordsView>(manager, 'GET', url('q=0033334444'));
    expect(byCard.body.people.map((p) => p.name)).to.deep.equal(['林老師']);
    expect(day(byCard.body.items, '2024-08-05')).to.deep.include({ result: { code: 'late', label: '遲到' }, lateMinutes: 20 });

    const open = await h.as<AgencyPunchRecordsView>(manager, 'GET', url(`unitId=${teaching}&filter=open`));
    expect(open.body.items.map((d) => [d.name, d.date, d.correctionLabel])).to.deep.equal([
      ['林老師', '2024-08-07', '待更正'],
      ['陳老師', '2024-08-07', '待更正'],
    ]);
    const corrected = await h.as<AgencyPunchRecordsView>(manager, 'GET', url('filter=corrected'));
    expect(corrected.body.items.map((d) => [d.name, d.date, d.corrections.map((c) => c.formId)])).to.deep.equal([
      ['陳老師', '2024-08-06', ['F-OUT-0806']],
    ]);
    // The punches of the page come with it, also when filtered.
    expect(corrected.body.items[0]!.punches.map((p) => p.channel)).to.deep.equal(['file', 'forgotten-punch']);

    // Everyone (3 people × 3 days = 9 rows) by unit, then name (zh-TW: by strokes), 4 a page; newest day first.
    const paged = await h.as<AgencyPunchRecordsView>(manager, 'GET', url('pageSize=4&page=2'));
    expect(paged.body.total).to.equal(9);
    expect(paged.body.people.map((p) => p.name)).to.deep.equal(['人事主任', '林老師', '陳老師']);
    expect(paged.body.items.map((d) => `${d.name} ${d.date}`)).to.deep.equal([
      '林老師 2024-08-06',
      '林老師 2024-08-05',
      '陳老師 2024-08-07',
      '陳老師 2024-08-06',
    ]);

    expectProblem(await h.as(chen, 'GET', url('q=林')), 403, 'ATTENDANCE_MANAGER_REQUIRED');
    expectProblem(await h.as(manager, 'GET', url('filter=late')), 400, 'VALIDATION_FAILED', 'query.filter');
  });

  it('reports a unit’s days with counts per result, as JSON, CSV and a streamed XLSX read back cell by cell', async () => {
    const base = `/agencies/${agency}/attendance-report?from=2024-08-05&to=2024-08-07&unitId=${teaching}`;
    const json = await h.as<AttendanceReportView>(manager, 'GET', base);
    expect(json.status, json.text).to.equal(200);
    expect(json.body).to.include({ from: '2024-08-05', to: '2024-08-07', unitName: '教務處' });
    expect(json.body.items).to.have.length(6);
    expect(json.body.summary).to.deep.equal([
      { code: 'normal', label: '正常', count: 3 },
      { code: 'late', label: '遲到', count: 1 },
      { code: 'absent', label: '曠職', count: 2 },
    ]);
    expect(json.body.people.find((p) => p.name === '林老師')!.counts).to.deep.equal([
      { code: 'normal', label: '正常', count: 1 },
      { code: 'late', label: '遲到', count: 1 },
      { code: 'absent', label: '曠職', count: 1 },
    ]);

    const csv = await h.as<string>(manager, 'GET', `${base}&format=csv`);
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const lines = csv.text.split('\r\n');
    // (fetch's text() drops the BOM; the bytes below keep it)
    expect(lines[0]).to.equal('日期,西元日期,姓名,單位,上班卡,下班卡,出勤結果,遲到分鐘,早退分鐘,差假,忘刷卡');
    expect(lines).to.include('113-08-06 (二),2024-08-06,陳老師,教務處,07:50,16:00,正常,0,0,,下班卡 16:00 已核准');
    expect(lines).to.include('合計,,3,1,2');

    const bytes = new Uint8Array(await (await fetch(h.url + `${base}&format=csv`, { headers: await h.headersFor(manager) })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);

    const res = await fetch(h.url + `${base}&format=xlsx`, { headers: await h.headersFor(manager) });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).to.match(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).to.equal('出勤紀錄-教務處-113-08-05至113-08-07.xlsx');
    const sheets = await readXlsx(await res.arrayBuffer());
    expect([...sheets.keys()]).to.deep.equal(['出勤紀錄', '統計']);
    const days = sheets.get('出勤紀錄')!;
    expect(days[0]).to.deep.equal([
      '日期',
      '西元日期',
      '姓名',
      '單位',
      '上班卡',
      '下班卡',
      '出勤結果',
      '遲到分鐘',
      '早退分鐘',
      '差假',
      '忘刷卡',
    ]);
    const row = days.find((r) => r[0] === '113-08-05 (一)' && r[2] === '林老師')!;
    // Empty cells (差假, 忘刷卡) are left out of the row's values.
    expect(row.slice(2)).to.deep.equal(['林老師', '教務處', '08:20', '16:10', '遲到', 20, 0]);
    const corrected = days.find((r) => r[0] === '113-08-06 (二)' && r[2] === '陳老師')!;
    expect(corrected[10]).to.equal('下班卡 16:00 已核准');
    expect((row[1] as Date).toISOString()).to.equal('2024-08-05T00:00:00.000Z');
    expect(sheets.get('統計')!.at(-1)).to.deep.equal(['合計', undefined, 3, 1, 2]);

    expectProblem(await h.as(chen, 'GET', base), 403, 'ATTENDANCE_MANAGER_REQUIRED');
    expectProblem(await h.as(manager, 'GET', `${base}&format=pdf`), 400, 'VALIDATION_FAILED', 'query.format');
  });

  it('exports 出勤異常 as XLSX too', async () => {
    const res = await fetch(h.url + `/agencies/${agency}/anomalies?from=2024-08-05&to=2024-08-07&format=xlsx`, {
      headers: await h.headersFor(manager),
    });
    expect(res.status).to.equal(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).to.equal(`出勤異常-${agency}.xlsx`);
    const rows = (await readXlsx(await res.arrayBuffer())).get('出勤異常')!;
    expect(rows[0]).to.deep.equal(['日期', '姓名', '單位', '上班卡', '下班卡', '出勤結果', '遲到分鐘', '早退分鐘', '西元日期']);
    // 陳's 未刷下班卡 of 08-06 was corrected by its approved 忘刷卡, so it is not here; the workdays no one punched on are
    // 曠職 whether or not their week was ever looked at (人事主任 never punched). By date, then as a roll reads (unit, name).
    expect(rows.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).to.deep.equal([
      ['113-08-05 (一)', '人事主任', '曠職', 0],
      ['113-08-05 (一)', '林老師', '遲到', 20],
      ['113-08-06 (二)', '人事主任', '曠職', 0],
      ['113-08-07 (三)', '人事主任', '曠職', 0],
      ['113-08-07 (三)', '林老師', '曠職', 0],
      ['113-08-07 (三)', '陳老師', '曠職', 0],
    ]);
    expect((rows[1]![8] as Date).toISOString()).to.equal('2024-08-05T00:00:00.000Z');
  });

  it('reads the sample card files of dev/card-files with the demo formats (what the README tells personnel officers to try)', async () => {
    const saved = h.now;
    h.now = new Date('2026-11-26T09:00:00+08:00');
    try {
      // The demo's cards, in agencies of this test: the school's five with cards, the bureau's three.
      for (const n of [1, 2, 3, 4, 5]) await h.person(`示範${n}`, { cards: [`880000000${n}`], agencyId: 'A-DEMO-GATE' });
      const gateManager = await h.person('示範人事', { manager: true, agencyId: 'A-DEMO-GATE' });
      for (const n of [1, 2, 3]) await h.person(`示範市${n}`, { cards: [`990000000${n}`], agencyId: 'A-DEMO-LOBBY' });
      const lobbyManager = await h.person('示範市人事', { manager: true, agencyId: 'A-DEMO-LOBBY' });
      const upload = async (who: TestPerson, agencyId: string, profileId: string, file: string) => {
        const profile = DEMO_CARD_FILE_PROFILES.find((p) => p.profileId === profileId)!;
        expect(
          (await h.as(who, 'PUT', `/agencies/${agencyId}/card-file-profiles/${profileId}`, { name: profile.name, layout: profile.layout }))
            .status,
        ).to.equal(200);
        const body = await readFile(new URL(`../../../dev/card-files/${file}`, import.meta.url));
        return h.as<{ lines: number; stored: number; refused: Record<string, number>; refusedLines: { line: number }[] }>(
          who,
          'POST',
          `/agencies/${agencyId}/card-files?profile=${profileId}&filename=${file}`,
          body,
          { 'content-type': 'text/plain' },
        );
      };
      const gate = await upload(gateManager, 'A-DEMO-GATE', 'gate', 'guanghua-gate.csv');
      expect(gate.status, gate.text).to.equal(201);
      expect(gate.body).to.deep.include({ lines: 52, stored: 49, refused: { malformed: 1, 'unknown-card': 1, 'date-out-of-range': 0 } });
      expect(gate.body.refusedLines.map((l) => l.line)).to.deep.equal([51, 52]);
      const lobby = await upload(lobbyManager, 'A-DEMO-LOBBY', 'lobby', 'doit-lobby.txt');
      expect(lobby.body).to.deep.include({ lines: 30, stored: 30 });
    } finally {
      h.now = saved;
    }
  });

  it('shows a closure declared after the fact on every day of that date, with the calendar entry', async () => {
    await h.publish('leave.calendar.changed', {
      agencyId: agency,
      date: '2024-08-05',
      entries: [{ kind: 'closure', name: '颱風停止上班上課' }],
    });
    const res = await h.as<AttendanceReportView>(manager, 'GET', `/agencies/${agency}/attendance-report?from=2024-08-05&to=2024-08-05`);
    // Judged without its punches, the day still shows the card's times.
    expect(res.body.items.map((d) => [d.name, d.result?.label, d.in, d.out])).to.deep.equal([
      ['人事主任', '停止上班上課', null, null],
      ['林老師', '停止上班上課', '08:20', '16:10'],
      ['陳老師', '停止上班上課', '07:55', '16:05'],
    ]);
    expect(res.body.calendar).to.deep.equal([{ date: '2024-08-05', entries: [{ kind: 'closure', name: '颱風停止上班上課' }] }]);
    // The stored days were computed again too: 林老師's late day has left 出勤異常.
    const anomalies = await h.as<{ items: { name: string; date: string }[] }>(
      manager,
      'GET',
      `/agencies/${agency}/anomalies?from=2024-08-05&to=2024-08-05`,
    );
    expect(anomalies.body.items).to.deep.equal([]);
  });
});
