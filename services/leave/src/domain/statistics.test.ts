import { expect } from 'chai';
import { amountText, minutesWithin, tally } from './statistics.ts';
import type { CountedForm } from './statistics.ts';

const form = (over: Partial<CountedForm>): CountedForm => ({
  kind: 'leave',
  applicantId: 'p1',
  applicantName: '蘇怡君',
  unitId: 'u1',
  unitName: '教務處',
  leaveType: 'personal',
  leaveTypeName: '事假',
  minutes: 480,
  days: [{ date: '2026-10-05', minutes: 480 }],
  ...over,
});

describe('差勤、加班統計 (tally)', () => {
  it('shows leave in days of 8 hours and overtime in hours', () => {
    expect(amountText('leave', 600)).to.equal('1日2小時');
    expect(amountText('overtime', 210)).to.equal('3小時30分');
    expect(amountText('overtime', 600)).to.equal('10小時');
  });

  it('counts only the days of a form inside the period', () => {
    const across = form({
      minutes: 1440,
      days: [
        { date: '2026-09-30', minutes: 480 },
        { date: '2026-10-01', minutes: 480 },
        { date: '2026-10-02', minutes: 480 },
      ],
    });
    expect(minutesWithin(across, '2026-10-01', '2026-10-31')).to.equal(960);
    expect(minutesWithin(across, '2026-11-01', '2026-11-30')).to.equal(0);
  });

  it('adds up per person, per unit and in all, leave types in the list’s order, then overtime by compensation', () => {
    const t = tally(
      [
        form({ leaveType: 'sick', leaveTypeName: '病假', minutes: 240, days: [{ date: '2026-10-06', minutes: 240 }] }),
        form({}),
        form({ applicantId: 'p2', applicantName: '林志明', unitId: 'u2', unitName: '總務處' }),
        form({
          kind: 'overtime',
          leaveType: undefined,
          leaveTypeName: undefined,
          compensation: 'pay',
          minutes: 180,
          days: [{ date: '2026-10-08', minutes: 180 }],
        }),
        form({
          kind: 'overtime',
          leaveType: undefined,
          leaveTypeName: undefined,
          compensation: 'comp-time',
          minutes: 120,
          days: [{ date: '2026-10-09', minutes: 120 }],
        }),
        form({
          kind: 'comp-time',
          leaveType: 'comp-time',
          leaveTypeName: '加班補休',
          minutes: 60,
          days: [{ date: '2026-10-07', minutes: 60 }],
        }),
        // Outside the period: not counted, no column.
        form({ leaveType: 'annual', leaveTypeName: '休假', days: [{ date: '2026-11-02', minutes: 480 }] }),
      ],
      '2026-10-01',
      '2026-10-31',
    );
    expect(t.columns.map((c) => c.label)).to.deep.equal(['事假', '病假', '加班補休', '加班（補休）', '加班（加班費）']);
    const su = t.people.find((p) => p.personId === 'p1')!;
    expect(su.amounts.personal).to.deep.equal({ count: 1, minutes: 480, text: '1日0小時' });
    expect(su.amounts['overtime:pay']).to.deep.equal({ count: 1, minutes: 180, text: '3小時' });
    expect(su.leave).to.deep.equal({ count: 3, minutes: 780, text: '1日5小時' });
    expect(su.overtime).to.deep.equal({ count: 2, minutes: 300, text: '5小時' });
    expect(t.units.map((u) => [u.name, u.leave.minutes])).to.deep.equal([
      ['教務處', 780],
      ['總務處', 480],
    ]);
    expect(t.total.amounts.personal).to.deep.equal({ count: 2, minutes: 960, text: '2日0小時' });
    expect(t.total.overtime.minutes).to.equal(300);
  });
});
