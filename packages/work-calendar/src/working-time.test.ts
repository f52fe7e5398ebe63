import { expect } from 'chai';
import { taipeiInstant } from './calendar-date.ts';
import { calendarDaysBetween, dayKind, formatDuration, minutesPerDay, workingTimeBetween } from './working-time.ts';
import type { CalendarEntry, WorkSchedule } from './working-time.ts';

const office: WorkSchedule = {
  id: 'office',
  name: '一般上班人員',
  start: '08:00',
  end: '17:15',
  breaks: [{ start: '12:00', end: '13:15' }],
};
const teacher: WorkSchedule = { id: 'teacher', name: '導師及專任教師', start: '08:00', end: '16:00', breaks: [] };
const schoolStaff: WorkSchedule = {
  id: 'school-staff',
  name: '職員及兼行政教師',
  start: '07:30',
  end: '16:30',
  breaks: [{ start: '12:00', end: '13:00' }],
};

const at = (date: string, time: string) => taipeiInstant(date, time);
const between = (a: [string, string], b: [string, string], schedule = office, entries: CalendarEntry[] = []) =>
  workingTimeBetween(at(...a), at(...b), schedule, entries);

describe('working time', () => {
  it('counts the seed example 109-08-24 08:00 ~ 17:15 as 1日0小時', () => {
    const time = between(['2020-08-24', '08:00'], ['2020-08-24', '17:15']);
    expect(time.minutes).to.equal(480);
    expect(formatDuration(time.minutes, minutesPerDay(office))).to.equal('1日0小時');
  });

  it('makes a day of each schedule group 8 hours', () => {
    expect([office, teacher, schoolStaff].map(minutesPerDay)).to.deep.equal([480, 480, 480]);
  });

  it('leaves out the lunch break', () => {
    expect(between(['2024-08-20', '10:00'], ['2024-08-20', '14:00']).minutes).to.equal(165); // 10–12, 13:15–14
    expect(between(['2024-08-20', '12:15'], ['2024-08-20', '13:00']).minutes).to.equal(0);
    expect(between(['2024-08-20', '13:15'], ['2024-08-20', '17:15']).minutes).to.equal(240);
  });

  it('counts only the schedule hours of each day across days', () => {
    const time = between(['2024-08-20', '13:15'], ['2024-08-21', '12:00']);
    expect(time.days).to.deep.equal([
      { date: '2024-08-20', minutes: 240 },
      { date: '2024-08-21', minutes: 240 },
    ]);
    expect(formatDuration(time.minutes, 480)).to.equal('1日0小時');
  });

  it('skips the rest day (Saturday) and the regular day off (Sunday)', () => {
    // Friday 2024-08-23 to Monday 2024-08-26, all day
    const time = between(['2024-08-23', '08:00'], ['2024-08-26', '17:15']);
    expect(time.days.map((d) => d.date)).to.deep.equal(['2024-08-23', '2024-08-26']);
    expect(dayKind('2024-08-24', [])).to.equal('rest-day');
    expect(dayKind('2024-08-25', [])).to.equal('regular-day-off');
  });

  it('skips national holidays and agency special days, and works make-up Saturdays', () => {
    const entries: CalendarEntry[] = [
      { date: '2024-10-10', kind: 'holiday', name: '國慶日' },
      { date: '2024-10-11', kind: 'special-day-off', name: '校慶補假' },
      { date: '2024-10-12', kind: 'makeup-workday', name: '補行上班' },
    ];
    const time = between(['2024-10-09', '08:00'], ['2024-10-12', '17:15'], office, entries);
    expect(time.days.map((d) => d.date)).to.deep.equal(['2024-10-09', '2024-10-12']);
  });

  it('skips a typhoon closure, all day or from noon', () => {
    const entries: CalendarEntry[] = [
      { date: '2024-07-24', kind: 'closure', name: '凱米颱風停止上班上課' },
      { date: '2024-07-25', kind: 'closure', name: '凱米颱風下午停止上班', from: '12:00' },
    ];
    const time = between(['2024-07-24', '08:00'], ['2024-07-25', '17:15'], office, entries);
    expect(time.days).to.deep.equal([{ date: '2024-07-25', minutes: 240 }]);
  });

  it("uses the teachers' 08:00–16:00 day", () => {
    expect(between(['2024-08-20', '07:00'], ['2024-08-20', '18:00'], teacher).minutes).to.equal(480);
    expect(between(['2024-08-20', '07:30'], ['2024-08-20', '09:30'], schoolStaff).minutes).to.equal(120);
  });

  it('gives nothing for an interval that ends before it starts or covers no working time', () => {
    expect(between(['2024-08-20', '17:00'], ['2024-08-20', '09:00']).minutes).to.equal(0);
    expect(between(['2024-08-24', '08:00'], ['2024-08-25', '17:00']).minutes).to.equal(0);
  });

  it('counts calendar days for leave that includes weekends', () => {
    expect(calendarDaysBetween(at('2024-08-23', '00:00'), at('2024-08-27', '00:00'))).to.equal(4);
    expect(calendarDaysBetween(at('2024-12-30', '08:00'), at('2025-01-02', '17:15'))).to.equal(4);
  });

  it('formats durations with minutes only when there are some', () => {
    expect(formatDuration(0, 480)).to.equal('0日0小時');
    expect(formatDuration(90, 480)).to.equal('0日1小時30分');
    expect(formatDuration(30 * 480, 480)).to.equal('30日0小時');
  });
});
