import { expect } from 'chai';
import type { BalanceLedgerView, FormView } from '@webitr/contracts/views/leave';
import { BOM, csvCell, toCsv } from '../src/web/lib/csv.ts';
import {
  csvFilename,
  ledgerLines,
  ledgersOfYear,
  recordsCsv,
  rocYearOfPeriod,
  yearOptions,
  yearRange,
} from '../src/web/pages/leave-records/records.ts';

const ledger = (over: Partial<BalanceLedgerView>): BalanceLedgerView => ({
  id: 'B1',
  ledger: 'annual',
  period: '2026',
  periodLabel: '115年',
  unit: 'minutes',
  granted: 14 * 480,
  reserved: 0,
  consumed: 480,
  remaining: 13 * 480,
  remainingText: '13日0小時',
  entries: [],
  ...over,
});

describe('差假查詢: years and ledgers', () => {
  it('turns a ROC year into its Gregorian dates and names each ledger period by its ROC year', () => {
    expect(yearRange(115)).to.deep.equal({ from: '2026-01-01', to: '2026-12-31' });
    expect(rocYearOfPeriod('2026')).to.equal(115);
    expect(rocYearOfPeriod('SY114')).to.equal(114);
    expect(rocYearOfPeriod('EV2025-05-01-parent')).to.equal(114);
    expect(rocYearOfPeriod('ALL')).to.equal(undefined);
  });

  it('keeps the ledgers of the year asked for, and comp time (ALL) in every year', () => {
    const items = [ledger({ id: 'a', period: '2026' }), ledger({ id: 'b', period: '2025' }), ledger({ id: 'c', period: 'ALL' })];
    expect(ledgersOfYear(items, 115).map((l) => l.id)).to.deep.equal(['a', 'c']);
    expect(ledgersOfYear(items, 114).map((l) => l.id)).to.deep.equal(['b', 'c']);
  });

  it('offers this year, the four before it and any year a ledger names, newest first', () => {
    expect(yearOptions(115)).to.deep.equal([115, 114, 113, 112, 111]);
    expect(yearOptions(115, [ledger({ period: '2019' }), ledger({ period: 'SY116' })])).to.deep.equal([116, 115, 114, 113, 112, 111, 108]);
  });

  it('lists a ledger’s entries in date order with ROC dates and signed amounts, then comp-time grants with their expiry', () => {
    const lines = ledgerLines(
      ledger({
        entries: [
          { at: '2026-03-01T02:00:00.000Z', kind: 'correction', amount: -240, note: '更正' },
          // 2025-12-31T17:00Z is 2026-01-01 in Taipei.
          { at: '2025-12-31T17:00:00.000Z', kind: 'allocation', amount: 14 * 480, note: '年度核給' },
        ],
        grants: [{ id: 'g', minutes: 90, earnedOn: '2026-02-02', expiresOn: '2028-02-01' }],
      }),
    );
    expect(lines).to.deep.equal([
      { date: '115-01-01 (四)', kind: '核給', amount: '14日0小時', note: '年度核給' },
      { date: '115-03-01 (日)', kind: '更正', amount: '-0日4小時', note: '更正' },
      { date: '115-02-02 (一)', kind: '補休核給', amount: '0日1小時30分', note: '117-02-01 (二) 到期' },
    ]);
  });
});

describe('差假查詢: the CSV', () => {
  it('quotes cells with commas, quotes and line breaks, and keeps a person’s text from running as a formula', () => {
    expect(csvCell('事假')).to.equal('事假');
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('他說"好"')).to.equal('"他說""好"""');
    expect(csvCell('兩\n行')).to.equal('"兩\n行"');
    expect(csvCell('=HYPERLINK("x")')).to.equal(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).to.equal("'+1");
    expect(csvCell('-0日4小時')).to.equal('-0日4小時');
    expect(csvCell('-x')).to.equal("'-x");
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    expect(toCsv([['甲', '乙'], ['丙']])).to.equal(`${BOM}甲,乙\r\n丙\r\n`);
  });

  it('writes the year’s forms with ROC dates in Taipei time, the balances and every ledger line', () => {
    const form = {
      id: 'F1',
      kind: 'leave',
      kindLabel: '差假',
      title: '休假',
      status: 'approved',
      statusLabel: '已決行',
      // 08:00–17:00 Taipei on Thursday 115-11-26.
      start: '2026-11-26T00:00:00.000Z',
      end: '2026-11-26T09:00:00.000Z',
      duration: '1日0小時',
      reason: '家中有事, 需處理',
      submittedAt: '2026-11-20T01:30:00.000Z',
    } as FormView;
    const csv = recordsCsv(
      115,
      [form],
      [ledger({ entries: [{ at: '2026-01-01T00:00:00.000Z', kind: 'allocation', amount: 480, note: '核給' }] })],
    );
    expect(csv.startsWith(BOM)).to.equal(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).to.equal('115年差假查詢');
    expect(lines).to.include('批示狀態,表單,假別,差假時間,時數,事由,申請時間');
    expect(lines).to.include('已決行,差假,休假,115-11-26 (四) 08:00 ~ 17:00,1日0小時,"家中有事, 需處理",115-11-20 (五) 09:30');
    expect(lines).to.include('休假,115年,14日0小時,1日0小時,0日0小時,13日0小時');
    expect(lines).to.include('休假,115年,115-01-01 (四),核給,1日0小時,核給');
    expect(csvFilename(115)).to.equal('差假查詢-115年.csv');
  });
});
