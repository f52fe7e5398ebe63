import { expect } from 'chai';
import { periodKeyOf, periodLabel, periodRange, schoolYearOf } from './periods.ts';

describe('balance periods', () => {
  it('runs calendar years for civil servants and school years (8/1–7/31) for teachers', () => {
    expect(periodKeyOf('calendar-year', '2024-08-20')).to.equal('2024');
    expect(periodKeyOf('school-year', '2024-08-01')).to.equal('SY113');
    expect(periodKeyOf('school-year', '2024-07-31')).to.equal('SY112');
    expect(schoolYearOf('2025-01-15')).to.equal(113);
    expect(periodRange('SY113')).to.deep.equal({ from: '2024-08-01', to: '2025-07-31' });
    expect(periodRange('2024')).to.deep.equal({ from: '2024-01-01', to: '2024-12-31' });
  });

  it('keys event periods by the event and its qualifier', () => {
    expect(periodKeyOf('event', '2024-12-30', { date: '2024-12-20' })).to.equal('EV2024-12-20');
    expect(periodKeyOf('event', '2024-03-01', { date: '2024-02-20', qualifier: 'parent' })).to.equal('EV2024-02-20-parent');
  });

  it('labels periods in the ROC calendar', () => {
    expect(periodLabel('2024')).to.equal('113年');
    expect(periodLabel('SY113')).to.equal('113學年');
    expect(periodLabel('EV2024-12-20')).to.equal('113-12-20事件');
  });
});
