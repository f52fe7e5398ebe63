import { expect } from 'chai';
import { parseDate } from '@internationalized/date';
import type { LeaveStatisticsView } from '@webitr/contracts/views/leave';
import { columnBars, statisticsUrl, thisMonth } from '../src/web/lib/leave-statistics.ts';

describe('差勤統計報表: addresses, period and bars', () => {
  it('asks the leave service for a unit and period, as JSON or a file', () => {
    expect(statisticsUrl('KH-GUANGHUA-ES', { from: '2027-02-01', to: '2027-02-28' })).to.equal(
      '/api/leave/agencies/KH-GUANGHUA-ES/statistics?from=2027-02-01&to=2027-02-28',
    );
    expect(statisticsUrl('A B', { from: '2027-02-01', to: '2027-02-28', unitId: 'u/1' }, 'xlsx')).to.equal(
      '/api/leave/agencies/A%20B/statistics?from=2027-02-01&to=2027-02-28&unitId=u%2F1&format=xlsx',
    );
  });

  it('starts with this month up to today', () => {
    expect(thisMonth(parseDate('2026-11-26'))).to.deep.equal({ from: '2026-11-01', to: '2026-11-26' });
  });

  it('draws one bar per column from the totals', () => {
    const view = {
      columns: [
        { key: 'personal', label: '事假', group: 'leave' },
        { key: 'overtime:pay', label: '加班（加班費）', group: 'overtime' },
      ],
      total: { amounts: { personal: { count: 1, minutes: 240, text: '0日4小時' } } },
    } as unknown as LeaveStatisticsView;
    expect(columnBars(view)).to.deep.equal([
      { key: 'personal', label: '事假', value: 240, text: '0日4小時' },
      { key: 'overtime:pay', label: '加班（加班費）', value: 0, text: '' },
    ]);
  });
});
