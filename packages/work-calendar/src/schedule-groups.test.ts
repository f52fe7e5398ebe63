import { expect } from 'chai';
import { SCHEDULE_GROUPS, scheduleGroupById } from './schedule-groups.ts';
import { minutesPerDay } from './working-time.ts';

describe('schedule groups', () => {
  it('makes every group an 8-hour day, each under its own id', () => {
    expect(SCHEDULE_GROUPS.map(minutesPerDay)).to.deep.equal([480, 480, 480]);
    expect(new Set(SCHEDULE_GROUPS.map((g) => g.id)).size).to.equal(SCHEDULE_GROUPS.length);
  });

  it('gives the office day its flexible start and the school groups fixed ones', () => {
    expect(scheduleGroupById('office')).to.include({ start: '08:00', end: '17:15', flexibleUntil: '08:30', graceMinutes: 0 });
    expect(scheduleGroupById('school-staff')).to.include({ start: '07:30', end: '16:30' });
    expect(scheduleGroupById('school-staff')!.flexibleUntil).to.equal(undefined);
    expect(scheduleGroupById('teacher')).to.include({ start: '08:00', end: '16:00' });
    expect(scheduleGroupById('night-shift')).to.equal(undefined);
  });
});
