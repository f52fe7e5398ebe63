import { expect } from 'chai';
import { annualLeaveFor, proratedQuota, roundUpToHalfDay, schoolYearAnnualLeaveFor, serviceMonthsBefore } from './seniority.ts';

describe('休假 by seniority (公務人員請假規則第7條)', () => {
  const daysIn = (start: string, year: number) => annualLeaveFor(start, year).days;

  it('gives the table: 7 after 1 year, 14 after 3, 21 after 6, 28 after 9, 30 after 14', () => {
    // started in January 2010: at the end of 2010 one full year
    expect(daysIn('2010-01-04', 2011)).to.equal(7); // a full year at the end of 2010
    expect(daysIn('2010-01-04', 2013)).to.equal(14); // three years at the end of 2012: 第4年起14日
  });

  it('counts completed years at the end of the previous year', () => {
    const start = '2010-01-04';
    const table = [2011, 2012, 2013, 2014, 2016, 2017, 2019, 2020, 2024, 2025].map((y) => [
      y,
      annualLeaveFor(start, y).years,
      daysIn(start, y),
    ]);
    expect(table).to.deep.equal([
      [2011, 1, 7],
      [2012, 2, 7],
      [2013, 3, 14],
      [2014, 4, 14],
      [2016, 6, 21],
      [2017, 7, 21],
      [2019, 9, 28],
      [2020, 10, 28],
      [2024, 14, 30],
      [2025, 15, 30],
    ]);
  });

  it('prorates the first year for those who started in February or later, granted from the next January', () => {
    expect(daysIn('2023-02-01', 2024)).to.equal(6.5); // 11 months: 7 × 11/12 = 6.42 → 6.5
    expect(daysIn('2023-07-15', 2024)).to.equal(3.5); // 6 months: 3.5
    expect(daysIn('2023-12-01', 2024)).to.equal(1); // 1 month: 0.58 → 1
    expect(daysIn('2023-10-01', 2024)).to.equal(2); // 3 months: 1.75 → 2
    expect(annualLeaveFor('2023-02-01', 2024).basis).to.equal('prorated');
  });

  it('gives the full 7 days to those who started in January, and the table from the third January', () => {
    expect(daysIn('2023-01-16', 2024)).to.equal(7);
    expect(daysIn('2023-02-01', 2025)).to.equal(7);
  });

  it('gives nothing in the year of starting', () => {
    expect(daysIn('2024-03-01', 2024)).to.equal(0);
    expect(daysIn('2025-03-01', 2024)).to.equal(0);
    expect(annualLeaveFor('2024-03-01', 2024).note).to.contain('尚無休假資格');
  });

  it('rounds up to half days', () => {
    expect([0.1, 0.5, 0.51, 1, 6.4166].map(roundUpToHalfDay)).to.deep.equal([0.5, 0.5, 1, 1, 6.5]);
    expect(serviceMonthsBefore('2023-02-20', 2024)).to.equal(11);
  });

  it('prorates 事假 and 病假 for the year of starting (第3條第2項)', () => {
    expect(proratedQuota(7, '2024-07-01', 2024).days).to.equal(3.5); // 6 months
    expect(proratedQuota(28, '2024-10-01', 2024).days).to.equal(7); // 3 months
    expect(proratedQuota(7, '2024-01-20', 2024).days).to.equal(7);
    expect(proratedQuota(7, '2020-05-01', 2024).days).to.equal(7);
    expect(proratedQuota(7, undefined, 2024).days).to.equal(7);
  });
});

describe('休假 of teachers with a post and principals, per school year (教師請假規則第8條)', () => {
  const days = (start: string, year: number) => schoolYearAnnualLeaveFor(start, year, 3).days;

  it('gives 7 from the 2nd school year, 14 from the 4th, 21 from the 7th, 28 from the 10th, 30 from the 15th', () => {
    const start = '2010-08-01';
    expect([2011, 2012, 2013, 2015, 2016, 2018, 2019, 2023, 2024].map((y) => [y, days(start, y)])).to.deep.equal([
      [2011, 7],
      [2012, 7],
      [2013, 14],
      [2015, 14],
      [2016, 21],
      [2018, 21],
      [2019, 28],
      [2023, 28],
      [2024, 30],
    ]);
  });

  it('gives at least 3 days in a school year that gives less (114-10-08), and says why', () => {
    const first = schoolYearAnnualLeaveFor('2024-02-01', 2024, 3);
    expect(first).to.include({ days: 3, years: 0 });
    expect(first.note).to.contain('113學年').and.contain('3日');
    expect(schoolYearAnnualLeaveFor('2024-02-01', 2024).days, 'without the minimum').to.equal(0);
    // started in September: the school year is not complete by the next August
    expect(schoolYearAnnualLeaveFor('2023-09-01', 2024).years).to.equal(0);
    expect(schoolYearAnnualLeaveFor('2023-08-01', 2024).years).to.equal(1);
  });
});
