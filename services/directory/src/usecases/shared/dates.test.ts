import { expect } from 'chai';
import { isCalendarDate, parseFlexibleDate, todayInTaipei } from './dates.ts';

describe('dates: western and ROC (民國) spellings', () => {
  for (const [text, iso] of [
    ['2024-08-01', '2024-08-01'],
    ['2024/8/1', '2024-08-01'],
    ['113-08-01', '2024-08-01'],
    ['113/8/1', '2024-08-01'],
    ['1130801', '2024-08-01'],
    ['民國113年8月1日', '2024-08-01'],
    ['99.02.28', '2010-02-28'],
    ['109-02-29', '2020-02-29'],
  ] as const) {
    it(`reads ${text} as ${iso}`, () => expect(parseFlexibleDate(text)).to.equal(iso));
  }

  for (const bad of ['113-02-30', '2023-02-29', '2024-13-01', 'yesterday', '', '12345']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(parseFlexibleDate(bad)).to.equal(undefined));
  }

  it('knows real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).to.equal(true);
    expect(isCalendarDate('2023-02-29')).to.equal(false);
  });

  it('takes today in Asia/Taipei (UTC+8), not UTC', () => {
    expect(todayInTaipei(new Date('2024-08-01T16:30:00Z'))).to.equal('2024-08-02');
    expect(todayInTaipei(new Date('2024-08-01T15:59:00Z'))).to.equal('2024-08-01');
  });
});

describe('dates: the one parser refuses years out of range', () => {
  it('does not take 0113-08-01 as year 113 AD', () => expect(parseFlexibleDate('0113-08-01')).to.equal(undefined));
});
