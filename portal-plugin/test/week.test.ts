import { expect } from 'chai';
import { parseDate } from '@internationalized/date';
import { hasPunches, weekFrom, weekRows, withPunches } from '../src/web/pages/home/week.ts';

const today = parseDate('2026-11-26');

describe('首頁: the week table', () => {
  it('shows this week in Taipei, or the week the URL asks for (上週/下週), and ignores a date that is not one', () => {
    expect(weekFrom(null, today)[0]!.toString()).to.equal('2026-11-23');
    expect(weekFrom('2026-11-16', today)[0]!.toString()).to.equal('2026-11-16');
    expect(weekFrom('2026-02-30', today)[0]!.toString()).to.equal('2026-11-23');
    expect(weekFrom('nonsense', today)[0]!.toString()).to.equal('2026-11-23');
  });

  it('puts a one-day form on its day with Taipei’s times, and a longer one on each day it covers', () => {
    const rows = weekRows(weekFrom(null, today), {
      items: [
        // 08:00–17:00 Taipei on Tuesday the 24th.
        { id: 'F1', title: '事假', start: '2026-11-24T00:00:00.000Z', end: '2026-11-24T09:00:00.000Z' },
        // Thursday 13:00 to Friday 12:00 Taipei.
        { id: 'F2', title: '病假', start: '2026-11-26T05:00:00.000Z', end: '2026-11-27T04:00:00.000Z' },
      ],
    });
    expect(rows.map((r) => r.label)).to.deep.equal([
      '115-11-23 (一)',
      '115-11-24 (二)',
      '115-11-25 (三)',
      '115-11-26 (四)',
      '115-11-27 (五)',
      '115-11-28 (六)',
      '115-11-29 (日)',
    ]);
    expect(rows.map((r) => r.records)).to.deep.equal([[], ['事假 08:00~17:00'], [], ['病假'], ['病假'], [], []]);
  });

  it('shows the punch columns only when the answer carries punches', () => {
    expect(hasPunches({ items: [] })).to.equal(false);
    expect(hasPunches(undefined)).to.equal(false);
    const answer = { items: [], punches: [{ date: '2026-11-24', clockIn: '07:52', clockOut: '17:03', result: '正常' }] };
    expect(hasPunches(answer)).to.equal(true);
    expect(weekRows(weekFrom(null, today), answer)[1]!.punches).to.deep.equal(answer.punches[0]);
  });
});

describe('首頁: the punch service’s week merged in', () => {
  const week = {
    from: '2026-11-23',
    to: '2026-11-29',
    days: [
      { date: '2026-11-23', in: '07:52', out: '17:03', result: { code: 'normal', label: '正常' } },
      { date: '2026-11-24', in: '08:21', out: null, result: { code: 'late', label: '遲到' }, anomaly: true },
      { date: '2026-11-25', in: null, out: null, result: null },
      { date: '2026-11-28', in: null, out: null, result: { code: 'rest-day', label: '休息日' } },
      { date: '2026-11-29', in: null, out: null, result: { code: 'regular-day-off', label: '例假日' } },
    ],
  };

  it('puts each day’s 上班卡, 下班卡 and 出勤結果 beside that day’s leave records, by date', () => {
    const records = { items: [{ id: 'F1', title: '事假', start: '2026-11-24T05:00:00.000Z', end: '2026-11-24T09:00:00.000Z' }] };
    const rows = weekRows(weekFrom(null, today), withPunches(records, week));
    expect(
      rows.map((r) => [r.label, r.punches?.clockIn ?? '', r.punches?.clockOut ?? '', r.records.join('、'), r.punches?.result ?? '']),
    ).to.deep.equal([
      ['115-11-23 (一)', '07:52', '17:03', '', '正常'],
      ['115-11-24 (二)', '08:21', '', '事假 13:00~17:00', '遲到'],
      ['115-11-25 (三)', '', '', '', ''],
      ['115-11-26 (四)', '', '', '', ''],
      ['115-11-27 (五)', '', '', '', ''],
      ['115-11-28 (六)', '', '', '', '休息日'],
      ['115-11-29 (日)', '', '', '', '例假日'],
    ]);
    expect(rows.map((r) => r.punches?.anomaly ?? false)).to.deep.equal([false, true, false, false, false, false, false]);
  });

  it('shows the punch columns only once the punch service has answered, and its punches even when the leave records failed', () => {
    const records = { items: [] };
    expect(hasPunches(withPunches(records, undefined))).to.equal(false);
    expect(withPunches(records, undefined)).to.equal(records);
    expect(hasPunches(withPunches(undefined, week))).to.equal(true);
    expect(weekRows(weekFrom(null, today), withPunches(undefined, week))[0]!.punches?.clockIn).to.equal('07:52');
  });
});
