import { expect } from 'chai';
import { taipeiInstant } from '@webitr/work-calendar';
import { computeDay } from './attendance.ts';
import type { DayFacts } from './attendance.ts';
import { attendanceScheduleOf } from './schedules.ts';

const monday = '2024-08-05';
const at = (time: string, date = monday) => taipeiInstant(date, time);
const teacher = attendanceScheduleOf('teacher'); // 08:00–16:00, fixed
const office = attendanceScheduleOf('office'); // 08:00–17:15, lunch 12:00–13:15, flexible to 08:30
const evening = at('23:00');

const day = (facts: Partial<DayFacts>): DayFacts => ({ date: monday, schedule: teacher, calendar: [], forms: [], now: evening, ...facts });

describe('daily attendance (出勤結果)', () => {
  it('is 未在職 on a workday out of service with nothing recorded, and judged as any day once something is', () => {
    expect(computeDay(day({ inService: false }))).to.include({ code: 'not-in-service', label: '未在職' });
    expect(computeDay(day({ inService: true })).code).to.equal('absent');
    expect(computeDay(day({})).code, 'unknown counts as in service').to.equal('absent');
    // A punch, or a form, is judged as on any day; a day off stays a day off.
    expect(computeDay(day({ inService: false, firstIn: at('08:10'), lastOut: at('16:00') })).code).to.equal('late');
    expect(computeDay(day({ inService: false, forms: [{ kind: 'leave', start: at('08:00'), end: at('16:00') }] })).code).to.equal(
      'on-leave',
    );
    expect(computeDay(day({ inService: false, date: '2024-08-04' })).code).to.equal('regular-day-off');
  });

  it('is 正常 with a clock-in before the start and a clock-out after the end, showing both', () => {
    expect(computeDay(day({ firstIn: at('07:52'), lastOut: at('16:05') }))).to.deep.equal({
      code: 'normal',
      label: '正常',
      in: '07:52',
      out: '16:05',
    });
  });

  it('is 遲到 by the minutes after the start, 早退 by the minutes before the end, or both', () => {
    expect(computeDay(day({ firstIn: at('08:07'), lastOut: at('16:00') }))).to.include({ code: 'late', label: '遲到', lateMinutes: 7 });
    expect(computeDay(day({ firstIn: at('07:50'), lastOut: at('15:45') }))).to.include({ code: 'early', earlyMinutes: 15 });
    expect(computeDay(day({ firstIn: at('08:10'), lastOut: at('15:50') }))).to.include({
      code: 'late-and-early',
      lateMinutes: 10,
      earlyMinutes: 10,
    });
  });

  it('allows the grace minutes of the group', () => {
    const lenient = { ...teacher, graceMinutes: 5 };
    expect(computeDay(day({ schedule: lenient, firstIn: at('08:05'), lastOut: at('16:00') })).code).to.equal('normal');
    expect(computeDay(day({ schedule: lenient, firstIn: at('08:06'), lastOut: at('16:00') }))).to.include({ code: 'late', lateMinutes: 6 });
  });

  it('moves the end of a flexible day by the arrival inside the window (08:20 in → 17:35 out)', () => {
    expect(computeDay(day({ schedule: office, firstIn: at('08:20'), lastOut: at('17:35') })).code).to.equal('normal');
    expect(computeDay(day({ schedule: office, firstIn: at('08:20'), lastOut: at('17:30') }))).to.include({
      code: 'early',
      earlyMinutes: 5,
    });
    expect(computeDay(day({ schedule: office, firstIn: at('08:40'), lastOut: at('18:00') }))).to.include({ code: 'late', lateMinutes: 10 });
    expect(computeDay(day({ schedule: office, firstIn: at('07:40'), lastOut: at('17:15') })).code).to.equal('normal');
  });

  it('is 未刷上班卡 / 未刷下班卡 / 曠職 for missing punches; one punch counts by which half of the day it is in', () => {
    expect(computeDay(day({ lastOut: at('16:10') })).code).to.equal('missing-in');
    expect(computeDay(day({ firstIn: at('07:50') })).code).to.equal('missing-out');
    expect(computeDay(day({}))).to.deep.equal({ code: 'absent', label: '曠職' });
    expect(computeDay(day({ firstIn: at('07:55'), lastOut: at('07:55') }))).to.include({ code: 'missing-out', in: '07:55' });
    expect(computeDay(day({ firstIn: at('16:02'), lastOut: at('16:02') }))).to.include({ code: 'missing-in', out: '16:02' });
  });

  it('is the covering form for a day wholly on approved leave, 公出 or 出差', () => {
    const whole = (leaveType: string) => [{ kind: 'leave', leaveType, start: at('08:00'), end: at('16:00') }];
    expect(computeDay(day({ forms: whole('personal') }))).to.include({ code: 'on-leave', label: '請假' });
    expect(computeDay(day({ forms: whole('official-outing') }))).to.include({ code: 'official-outing', label: '公出' });
    expect(computeDay(day({ forms: whole('business-trip') }))).to.include({ code: 'business-trip', label: '出差' });
    // Overtime does not cover working time.
    expect(computeDay(day({ forms: [{ kind: 'overtime', start: at('08:00'), end: at('16:00') }] })).code).to.equal('absent');
  });

  it('expects presence only for what a partial leave leaves: morning leave, then in by 12:00', () => {
    const morning = [{ kind: 'leave', leaveType: 'personal', start: at('08:00'), end: at('12:00') }];
    expect(computeDay(day({ forms: morning, firstIn: at('11:55'), lastOut: at('16:00') })).code).to.equal('normal');
    expect(computeDay(day({ forms: morning, firstIn: at('12:30'), lastOut: at('16:00') }))).to.include({ code: 'late', lateMinutes: 30 });
  });

  it('names weekends, holidays, special days and closures; a closure from noon ends the day at noon', () => {
    expect(computeDay(day({ date: '2024-08-03' })).label).to.equal('休息日');
    expect(computeDay(day({ date: '2024-08-04' })).label).to.equal('例假日');
    expect(computeDay(day({ calendar: [{ date: monday, kind: 'holiday', name: '國慶日' }] })).label).to.equal('國定假日');
    expect(computeDay(day({ calendar: [{ date: monday, kind: 'closure', name: '颱風' }] }))).to.deep.equal({
      code: 'closure',
      label: '停止上班上課',
    });
    const afternoon = [{ date: monday, kind: 'closure' as const, name: '颱風', from: '12:00' }];
    expect(computeDay(day({ calendar: afternoon, firstIn: at('07:55'), lastOut: at('12:01') })).code).to.equal('normal');
    // A Saturday made a workday (補行上班) is judged like any workday.
    expect(
      computeDay(day({ date: '2024-08-03', calendar: [{ date: '2024-08-03', kind: 'makeup-workday', name: '補行上班' }] })).code,
    ).to.equal('absent');
  });

  it('judges nothing before the day is over but a late arrival; a day to come has no result', () => {
    expect(computeDay(day({ firstIn: at('07:50'), now: at('10:00') }))).to.deep.equal({ code: 'in-progress', label: '', in: '07:50' });
    expect(computeDay(day({ firstIn: at('08:30'), now: at('10:00') }))).to.include({ code: 'late', lateMinutes: 30 });
    expect(computeDay(day({ now: at('10:00', '2024-08-04') })).code).to.equal('future');
  });
});
