import { expect } from 'chai';
import { allocationFor } from './allocation.ts';
import { taipeiInstant } from '@webitr/work-calendar';
import { RuleError } from './errors.ts';
import { evaluateLeave } from './leave-request.ts';
import type { LeaveRequestDraft } from './leave-request.ts';
import type { PersonProfile } from './people.ts';
import { defaultPolicy, effectiveRule } from './policy.ts';
import type { LeaveTypeCode, RuleSetId } from './rules/index.ts';
import { scheduleGroupOf } from './schedule-groups.ts';
import type { CalendarEntry } from '@webitr/work-calendar';

const person: PersonProfile = {
  id: 'P1',
  name: '蘇',
  agencyId: 'A1',
  status: 'active',
  ruleSet: 'civil-servant',
  serviceStartDate: '2010-01-04',
  sex: 'F',
};
const at = (date: string, time: string) => taipeiInstant(date, time);

function evaluate(
  code: LeaveTypeCode,
  start: [string, string],
  end: [string, string],
  extra: Partial<LeaveRequestDraft> = {},
  options: { ruleSet?: RuleSetId; who?: Partial<PersonProfile>; calendar?: CalendarEntry[]; monthlyUsage?: Record<string, number> } = {},
) {
  const ruleSet = options.ruleSet ?? 'civil-servant';
  const rule = effectiveRule(ruleSet, defaultPolicy('A1'), code)!;
  return evaluateLeave(
    { start: at(...start), end: at(...end), attachmentCount: 0, ...extra },
    {
      rule,
      person: { ...person, ruleSet, ...options.who },
      schedule: scheduleGroupOf(undefined, ruleSet),
      calendar: options.calendar ?? [],
      ...(options.monthlyUsage ? { monthlyUsage: options.monthlyUsage } : {}),
    },
  );
}

const fails = (fn: () => unknown, code: string, field?: string, status = 400) => {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(RuleError);
    const e = error as RuleError;
    expect(e.code).to.equal(code);
    expect(e.status).to.equal(status);
    if (field) expect(e.fields[0]!.field).to.equal(field);
    return e;
  }
  expect.fail(`expected ${code}`);
};

describe('leave request rules', () => {
  it("counts the seed example 1日0小時 and charges the year's 休假", () => {
    const result = evaluate('annual', ['2020-08-24', '08:00'], ['2020-08-24', '17:15']);
    expect(result.duration).to.equal('1日0小時');
    expect(result.charges).to.deep.equal([{ ledger: 'annual', period: '2020', unit: 'minutes', amount: 480 }]);
  });

  it('refuses end before start, zero hours and non-workday-only intervals', () => {
    fails(() => evaluate('annual', ['2024-08-20', '17:00'], ['2024-08-20', '09:00']), 'END_BEFORE_START', 'body.end');
    fails(() => evaluate('annual', ['2024-08-20', '09:00'], ['2024-08-20', '09:00']), 'END_BEFORE_START');
    fails(() => evaluate('annual', ['2024-08-20', '12:00'], ['2024-08-20', '13:15']), 'ZERO_DURATION', 'body.end');
    fails(() => evaluate('annual', ['2024-08-24', '08:00'], ['2024-08-25', '17:15']), 'NO_WORKDAY', 'body.start');
    const typhoon: CalendarEntry[] = [{ date: '2024-07-24', kind: 'closure', name: '凱米颱風' }];
    fails(() => evaluate('annual', ['2024-07-24', '08:00'], ['2024-07-24', '17:15'], {}, { calendar: typhoon }), 'NO_WORKDAY');
  });

  it('takes 休假 by the hour but not by the half hour', () => {
    expect(evaluate('annual', ['2024-08-20', '08:00'], ['2024-08-20', '10:00']).duration).to.equal('0日2小時');
    const e = fails(() => evaluate('annual', ['2024-08-20', '08:00'], ['2024-08-20', '09:30']), 'LEAVE_UNIT', 'body.end');
    expect(e.detail).to.contain('1小時為單位');
  });

  it('needs a location for 公出, 出差 and 公假', () => {
    for (const code of ['official-outing', 'business-trip', 'official'] as const) {
      const e = fails(() => evaluate(code, ['2024-08-20', '08:00'], ['2024-08-20', '12:00']), 'LOCATION_REQUIRED', 'body.location');
      expect(e.fields[0]!.label).to.equal('地點');
      expect(e.detail).to.equal('地點：地點不得空白');
    }
    expect(evaluate('official', ['2024-08-20', '08:00'], ['2024-08-20', '12:00'], { location: '高雄市政府' }).charges).to.deep.equal([
      { ledger: 'official', period: '2024', unit: 'times', amount: 1 },
    ]);
    expect(evaluate('official-outing', ['2024-08-20', '08:00'], ['2024-08-20', '12:00'], { location: '教育局' }).charges).to.deep.equal([]);
  });

  it("splits a request across years into each year's balance", () => {
    const result = evaluate('personal', ['2024-12-31', '08:00'], ['2025-01-02', '17:15']);
    expect(result.charges.map((c) => [c.period, c.amount])).to.deep.equal([
      ['2024', 480],
      ['2025', 960],
    ]);
  });

  it('charges 家庭照顧假 to 事假 with its cap, 生理假 to 病假 with three free days', () => {
    expect(evaluate('family-care', ['2024-08-20', '08:00'], ['2024-08-20', '17:15']).charges[0]).to.deep.include({
      ledger: 'personal',
      sub: { key: 'family-care', cap: 3360 },
    });
    expect(evaluate('menstrual', ['2024-08-20', '08:00'], ['2024-08-20', '17:15']).charges[0]).to.deep.include({
      ledger: 'sick',
      sub: { key: 'menstrual', free: 1440 },
    });
  });

  it('allows one day of 生理假 a month, and only to women', () => {
    fails(
      () => evaluate('menstrual', ['2024-08-20', '08:00'], ['2024-08-20', '12:00'], {}, { monthlyUsage: { '2024-08': 300 } }),
      'MONTHLY_CAP_EXCEEDED',
      'body.start',
      409,
    );
    fails(
      () => evaluate('menstrual', ['2024-08-20', '08:00'], ['2024-08-20', '12:00'], {}, { who: { sex: 'M' } }),
      'LEAVE_TYPE_NOT_ELIGIBLE',
      'body.leaveType',
    );
    fails(
      () =>
        evaluate('maternity', ['2024-08-20', '00:00'], ['2024-08-21', '00:00'], { eventDate: '2024-08-20' }, { who: { sex: undefined } }),
      'LEAVE_TYPE_NOT_ELIGIBLE',
    );
  });

  it('needs a certificate for 病假 of two days or more', () => {
    fails(() => evaluate('sick', ['2024-08-20', '08:00'], ['2024-08-21', '17:15']), 'ATTACHMENT_REQUIRED', 'body.attachmentIds');
    expect(evaluate('sick', ['2024-08-20', '08:00'], ['2024-08-21', '17:15'], { attachmentCount: 1 }).duration).to.equal('2日0小時');
    expect(evaluate('sick', ['2024-08-20', '08:00'], ['2024-08-20', '17:15']).duration).to.equal('1日0小時');
  });

  it('takes 婚假 within 10 days before to 3 months after the marriage', () => {
    fails(() => evaluate('marriage', ['2024-08-20', '08:00'], ['2024-08-20', '17:15']), 'EVENT_DATE_REQUIRED', 'body.eventDate');
    fails(
      () => evaluate('marriage', ['2024-08-01', '08:00'], ['2024-08-01', '17:15'], { eventDate: '2024-08-20' }),
      'OUTSIDE_WINDOW',
      'body.start',
    );
    fails(() => evaluate('marriage', ['2024-12-02', '08:00'], ['2024-12-02', '17:15'], { eventDate: '2024-08-20' }), 'OUTSIDE_WINDOW');
    const ok = evaluate('marriage', ['2024-08-12', '08:00'], ['2024-08-12', '17:15'], { eventDate: '2024-08-20' });
    expect(ok.charges).to.deep.equal([{ ledger: 'marriage', period: 'EV2024-08-20', unit: 'minutes', amount: 480 }]);
  });

  it('gives 喪假 by relationship, within 100 days', () => {
    fails(
      () => evaluate('bereavement', ['2024-08-20', '08:00'], ['2024-08-20', '17:15'], { eventDate: '2024-08-18' }),
      'RELATIONSHIP_REQUIRED',
      'body.relationship',
    );
    const ok = evaluate('bereavement', ['2024-08-20', '08:00'], ['2024-08-20', '17:15'], {
      eventDate: '2024-08-18',
      relationship: 'grandparent',
    });
    expect(ok.charges[0]!.period).to.equal('EV2024-08-18-grandparent');
    const rule = effectiveRule('civil-servant', defaultPolicy('A1'), 'bereavement')!;
    expect(allocationFor(rule, person, 'EV2024-08-18-grandparent').amount).to.equal(5 * 480);
    expect(allocationFor(rule, person, 'EV2024-08-18-parent').amount).to.equal(15 * 480);
    fails(
      () => evaluate('bereavement', ['2024-12-02', '08:00'], ['2024-12-02', '17:15'], { eventDate: '2024-08-18', relationship: 'parent' }),
      'OUTSIDE_WINDOW',
    );
  });

  it('counts 娩假 in calendar days across weekends and into the next year, against one birth', () => {
    const result = evaluate('maternity', ['2024-12-20', '00:00'], ['2025-01-31', '00:00'], { eventDate: '2024-12-20', attachmentCount: 1 });
    expect(result.calendarDays).to.equal(42);
    expect(result.duration).to.equal('42日0小時');
    expect(result.charges).to.deep.equal([{ ledger: 'maternity', period: 'EV2024-12-20', unit: 'minutes', amount: 42 * 480 }]);
    fails(
      () => evaluate('maternity', ['2024-12-20', '00:00'], ['2025-01-31', '00:00'], { eventDate: '2024-12-20' }),
      'ATTACHMENT_REQUIRED',
    );
  });

  it('gives 流產假 by weeks of pregnancy', () => {
    const rule = effectiveRule('civil-servant', defaultPolicy('A1'), 'miscarriage')!;
    const r = evaluate('miscarriage', ['2024-08-20', '00:00'], ['2024-08-27', '00:00'], {
      eventDate: '2024-08-19',
      gestationWeeks: 15,
      attachmentCount: 1,
    });
    expect(r.charges[0]!.period).to.equal('EV2024-08-19-w12');
    expect(allocationFor(rule, person, 'EV2024-08-19-w12').amount).to.equal(21 * 480);
    expect(allocationFor(rule, person, 'EV2024-08-19-w20').amount).to.equal(42 * 480);
    expect(allocationFor(rule, person, 'EV2024-08-19-w0').amount).to.equal(14 * 480);
    fails(
      () => evaluate('miscarriage', ['2024-08-20', '00:00'], ['2024-08-27', '00:00'], { eventDate: '2024-08-19', attachmentCount: 1 }),
      'GESTATION_REQUIRED',
      'body.gestationWeeks',
    );
  });

  it('gives 產前假 8 days per pregnancy, by the hour, to women, before the birth and not after (both rule sets)', () => {
    const r = evaluate('prenatal', ['2024-08-20', '08:00'], ['2024-08-20', '10:00'], { eventDate: '2024-12-01' });
    expect(r.duration).to.equal('0日2小時');
    expect(r.charges).to.deep.equal([{ ledger: 'prenatal', period: 'EV2024-12-01', unit: 'minutes', amount: 120 }]);
    for (const ruleSet of ['civil-servant', 'teacher'] as const) {
      const rule = effectiveRule(ruleSet, defaultPolicy('A1'), 'prenatal')!;
      expect(rule.source).to.contain('產前假8日');
      expect(allocationFor(rule, person, 'EV2024-12-01')).to.include({ unit: 'minutes', amount: 8 * 480 });
    }
    fails(
      () => evaluate('prenatal', ['2024-08-20', '08:00'], ['2024-08-20', '09:30'], { eventDate: '2024-12-01' }),
      'LEAVE_UNIT',
      'body.end',
    );
    fails(() => evaluate('prenatal', ['2024-08-20', '08:00'], ['2024-08-20', '10:00']), 'EVENT_DATE_REQUIRED', 'body.eventDate');
    // 不得保留至分娩後
    fails(
      () => evaluate('prenatal', ['2024-08-20', '08:00'], ['2024-08-20', '10:00'], { eventDate: '2024-08-19' }),
      'OUTSIDE_WINDOW',
      'body.start',
    );
    fails(
      () => evaluate('prenatal', ['2024-08-20', '08:00'], ['2024-08-20', '10:00'], { eventDate: '2025-07-01' }),
      'OUTSIDE_WINDOW',
      'body.start',
    );
    fails(
      () => evaluate('prenatal', ['2024-08-20', '08:00'], ['2024-08-20', '10:00'], { eventDate: '2024-12-01' }, { who: { sex: 'M' } }),
      'LEAVE_TYPE_NOT_ELIGIBLE',
      'body.leaveType',
    );
  });

  it('gives 陪產檢及陪產假 7 days per birth, by the hour, with proof, from the pregnancy to 14 days after the birth', () => {
    const father = { who: { sex: 'M' as const } };
    const r = evaluate(
      'paternity',
      ['2024-08-20', '08:00'],
      ['2024-08-20', '12:00'],
      { eventDate: '2024-08-10', attachmentCount: 1 },
      father,
    );
    expect(r.duration).to.equal('0日4小時');
    expect(r.charges).to.deep.equal([{ ledger: 'paternity', period: 'EV2024-08-10', unit: 'minutes', amount: 240 }]);
    const rule = effectiveRule('civil-servant', defaultPolicy('A1'), 'paternity')!;
    expect(rule.source).to.contain('陪產檢及陪產假7日');
    expect(allocationFor(rule, { ...person, sex: 'M' }, 'EV2024-08-10')).to.include({ unit: 'minutes', amount: 7 * 480 });
    // 陪產檢 during the pregnancy
    expect(
      evaluate('paternity', ['2024-08-20', '08:00'], ['2024-08-20', '10:00'], { eventDate: '2025-03-01', attachmentCount: 1 }, father)
        .duration,
    ).to.equal('0日2小時');
    fails(
      () => evaluate('paternity', ['2024-08-20', '08:00'], ['2024-08-20', '12:00'], { eventDate: '2024-08-10' }, father),
      'ATTACHMENT_REQUIRED',
      'body.attachmentIds',
    );
    fails(
      () =>
        evaluate('paternity', ['2024-08-20', '08:00'], ['2024-08-20', '12:00'], { eventDate: '2024-08-05', attachmentCount: 1 }, father),
      'OUTSIDE_WINDOW',
      'body.start',
    );
    fails(
      () =>
        evaluate('paternity', ['2024-08-20', '08:00'], ['2024-08-20', '09:30'], { eventDate: '2024-08-10', attachmentCount: 1 }, father),
      'LEAVE_UNIT',
      'body.end',
    );
  });

  it("charges teachers' 事假 to the school year, and tells a full-time teacher why 休假 is not theirs", () => {
    const result = evaluate('personal', ['2024-07-31', '08:00'], ['2024-08-01', '16:00'], {}, { ruleSet: 'teacher' });
    expect(result.charges.map((c) => c.period)).to.deep.equal(['SY112', 'SY113']);
    const refusal = fails(
      () => evaluate('annual', ['2024-08-20', '08:00'], ['2024-08-20', '16:00'], {}, { ruleSet: 'teacher' }),
      'ANNUAL_LEAVE_NOT_FOR_TEACHERS',
      'body.leaveType',
    );
    expect(refusal!.fields[0]!.message).to.contain('專任教師依教師請假規則不給休假').and.contain('寒暑假').and.contain('兼任行政職務');
  });

  it('gives teachers with a post (主任, 組長) and principals 休假 per school year, by half days (教師請假規則第8條、第11條)', () => {
    const result = evaluate('annual', ['2024-08-20', '07:30'], ['2024-08-20', '11:30'], {}, { ruleSet: 'teacher-admin' });
    expect(result.duration).to.equal('0日4小時');
    expect(result.charges).to.deep.equal([{ ledger: 'annual', period: 'SY113', unit: 'minutes', amount: 240 }]);
    fails(
      () => evaluate('annual', ['2024-08-20', '07:30'], ['2024-08-20', '09:30'], {}, { ruleSet: 'teacher-admin' }),
      'LEAVE_UNIT',
      'body.end',
    );
    const annual = effectiveRule('teacher-admin', defaultPolicy('A1'), 'annual')!;
    expect(annual.source).to.contain('第8條第1項').and.contain('第17條準用');
    // started 2012-08-01: 12 school years before SY113 → 28 days; 事假 as for teachers
    expect(allocationFor(annual, { ...person, ruleSet: 'teacher-admin', serviceStartDate: '2012-08-01' }, 'SY113')).to.include({
      unit: 'minutes',
      amount: 28 * 480,
    });
    expect(effectiveRule('teacher-admin', defaultPolicy('A1'), 'personal')!.period).to.equal('school-year');
  });

  it("allocates 休假 by seniority and prorates a new hire's 事假", () => {
    const annual = effectiveRule('civil-servant', defaultPolicy('A1'), 'annual')!;
    expect(allocationFor(annual, person, '2024')).to.include({ unit: 'minutes', amount: 30 * 480 });
    expect(allocationFor(annual, { ...person, serviceStartDate: '2023-02-01' }, '2024').amount).to.equal(6.5 * 480);
    const personal = effectiveRule('civil-servant', defaultPolicy('A1'), 'personal')!;
    expect(allocationFor(personal, { ...person, serviceStartDate: '2024-07-01' }, '2024').amount).to.equal(3.5 * 480);
    const official = effectiveRule('civil-servant', defaultPolicy('A1'), 'official')!;
    expect(allocationFor(official, person, '2024')).to.include({ unit: 'times', amount: 20 });
  });

  it('lets the 出國或赴大陸 declaration cover weekends without a balance', () => {
    const result = evaluate('abroad', ['2024-08-24', '00:00'], ['2024-08-26', '00:00'], { location: '日本' });
    expect(result.calendarDays).to.equal(2);
    expect(result.charges).to.deep.equal([]);
  });
});
