import { expect } from 'chai';
import { formatRocDate, formatRocDateLong, formatRocDateTime, formatTaipeiTime, taipeiDate, weekOf } from '../src/web/lib/dates.ts';

// A browser in New York must still see Taipei's days: the instants below are around midnight UTC, where the two disagree.
describe('dates in Taipei, 民國 style, whatever the browser’s time zone', () => {
  let zone: string | undefined;
  before(() => {
    zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
  });
  after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('runs in a time zone far from Taipei (the check is real)', () => {
    // 2026-11-25T16:30Z is the 25th in New York and already the 26th in Taipei.
    expect(new Date('2026-11-25T16:30:00Z').getDate()).to.equal(25);
  });

  it('writes a calendar day with the ROC year and weekday: 115-11-26 (四)', () => {
    expect(formatRocDate('2026-11-26')).to.equal('115-11-26 (四)');
    expect(formatRocDate('2024-08-20')).to.equal('113-08-20 (二)');
    expect(formatRocDateLong('2024-08-20')).to.equal('113年8月20日 (二)');
  });

  it('writes an instant as Taipei’s day and time, past midnight there while it is still the day before in UTC and New York', () => {
    expect(formatRocDateTime('2026-11-25T16:30:00Z')).to.equal('115-11-26 (四) 00:30');
    expect(formatRocDateTime('2026-11-26T00:00:00Z')).to.equal('115-11-26 (四) 08:00');
    expect(formatRocDateTime('2026-11-25T15:59:00Z')).to.equal('115-11-25 (三) 23:59');
    expect(formatTaipeiTime('2026-11-26T09:15:00Z')).to.equal('17:15');
    expect(taipeiDate('2026-11-25T16:30:00Z').toString()).to.equal('2026-11-26');
  });

  it('gives the week Monday to Sunday around a day, across a month end', () => {
    expect(weekOf(taipeiDate('2026-11-25T16:30:00Z')).map(String)).to.deep.equal([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    const week = weekOf(taipeiDate('2026-11-30T16:00:00Z')); // Taipei's Tuesday 1 December
    expect([week[0]!.toString(), week[6]!.toString()]).to.deep.equal(['2026-11-30', '2026-12-06']);
  });
});
