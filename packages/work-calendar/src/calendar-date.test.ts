import { expect } from 'chai';
import { addDays, formatRocDate, formatRocDateWithWeekday, taipeiLocal } from './calendar-date.ts';
import { dateInput, dateTimeInput, parseDate } from './date-input.ts';

describe('ROC calendar dates', () => {
  it('reads ROC and ISO dates alike', () => {
    expect(parseDate('113-08-20')).to.equal('2024-08-20');
    expect(parseDate('113/8/20')).to.equal('2024-08-20');
    expect(parseDate('99-01-05')).to.equal('2010-01-05');
    expect(parseDate('2024-08-20')).to.equal('2024-08-20');
  });

  it('refuses days that do not exist', () => {
    expect(parseDate('112-02-29')).to.equal(undefined); // 2023 is not a leap year
    expect(parseDate('113-02-29')).to.equal('2024-02-29');
    expect(parseDate('113-13-01')).to.equal(undefined);
    expect(parseDate('113-04-31')).to.equal(undefined);
    expect(parseDate('yesterday')).to.equal(undefined);
  });

  it('shows dates as the seed does: 109-08-24 (一)', () => {
    expect(formatRocDate('2020-08-24')).to.equal('109-08-24');
    expect(formatRocDateWithWeekday('2020-08-24')).to.equal('109-08-24 (一)');
    expect(formatRocDateWithWeekday('2020-08-30')).to.equal('109-08-30 (日)');
  });

  it('steps across month and year ends', () => {
    expect(addDays('2024-12-31', 1)).to.equal('2025-01-01');
    expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
  });

  it('takes date-times in Taipei time', () => {
    const instant = dateTimeInput.parse('109-08-24 08:00');
    expect(instant.toISOString()).to.equal('2020-08-24T00:00:00.000Z');
    expect(taipeiLocal(instant)).to.deep.equal({ date: '2020-08-24', minutes: 480 });
    expect(dateTimeInput.safeParse('112-02-29 08:00').success).to.equal(false);
    expect(dateTimeInput.safeParse('113-08-20 24:00').success).to.equal(false);
  });

  it('names the bad value in zh-TW', () => {
    const result = dateInput.safeParse('112-02-29');
    expect(result.error?.issues[0]?.message).to.contain('112-02-29').and.contain('沒有這一天');
  });
});
