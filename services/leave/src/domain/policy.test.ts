import { expect } from 'chai';
import { defaultPolicy, effectiveRule, effectiveRules, refusedOverrides, ruleOverridesSchema } from './policy.ts';
import { RULE_SETS } from './rules/index.ts';

describe('leave types as data', () => {
  it('has every type the issue lists in both rule sets, each with its source', () => {
    const required = [
      'annual',
      'personal',
      'family-care',
      'sick',
      'menstrual',
      'official',
      'official-outing',
      'business-trip',
      'marriage',
      'prenatal',
      'maternity',
      'miscarriage',
      'paternity',
      'bereavement',
      'comp-time',
      'abroad',
    ];
    for (const set of Object.values(RULE_SETS)) {
      const codes = set.types.map((t) => t.code);
      expect(codes, set.id).to.include.members(required);
      for (const rule of set.types) expect(rule.source, `${set.id}/${rule.code}`).to.match(/\S{4,}/);
    }
  });

  it('follows 公務人員請假規則 for civil servants and 教師請假規則 (school years) for teachers', () => {
    const civil = RULE_SETS['civil-servant'];
    const teacher = RULE_SETS.teacher;
    const personal = (set: typeof civil) => set.types.find((t) => t.code === 'personal')!;
    expect(personal(civil)).to.include({ period: 'calendar-year' });
    expect(personal(civil).quota).to.deep.equal({ kind: 'days', days: 7 });
    expect(personal(teacher)).to.include({ period: 'school-year' });
    expect(personal(teacher).source).to.contain('教師請假規則');
    expect(teacher.types.find((t) => t.code === 'annual')!.enabled).to.equal(false);
    expect(teacher.types.find((t) => t.code === 'wellbeing')!.enabled).to.equal(true);
    expect(civil.types.find((t) => t.code === 'maternity')).to.include({ unit: 'calendar-day', takeAtOnce: true, eligibleSex: 'F' });
    const bereavement = civil.types.find((t) => t.code === 'bereavement')!.quota;
    expect(bereavement.kind === 'per-event' && bereavement.byRelationship).to.include({ parent: 15, 'parent-in-law': 10, sibling: 5 });
  });

  it("applies an agency's overrides and says what it changed", () => {
    const policy = {
      ...defaultPolicy('A1'),
      version: 3,
      overrides: {
        'civil-servant': { official: { quotaTimes: 30 }, sick: { attachmentFromDays: 3 } },
        teacher: { sick: { attachmentFromDays: 3 } },
      },
    };
    const official = effectiveRule('civil-servant', policy, 'official')!;
    expect(official.quota).to.deep.equal({ kind: 'times', times: 30 });
    expect(official.overridden).to.deep.equal(['quotaTimes']);
    expect(effectiveRule('civil-servant', policy, 'sick')!.attachmentRequired).to.deep.equal({ fromDays: 3 });
    expect(effectiveRule('teacher', policy, 'sick')!.attachmentRequired).to.deep.equal({ fromDays: 3 });
    expect(effectiveRules('civil-servant', defaultPolicy('A1')).every((r) => r.overridden.length === 0)).to.equal(true);
  });

  it("applies the agency's teacher overrides to teachers with a post as well, under their own", () => {
    const policy = {
      ...defaultPolicy('A1'),
      overrides: {
        teacher: { sick: { attachmentFromDays: 3 }, annual: { enabled: false } },
        'teacher-admin': { sick: { locationRequired: true } },
      },
    };
    const sick = effectiveRule('teacher-admin', policy, 'sick')!;
    expect(sick.attachmentRequired).to.deep.equal({ fromDays: 3 });
    expect(sick.locationRequired).to.equal(true);
    expect(effectiveRule('teacher-admin', defaultPolicy('A1'), 'annual')!).to.include({ enabled: true, period: 'school-year' });
    expect(ruleOverridesSchema.safeParse({ 'teacher-admin': { annual: { minimumMinutes: 60 } } }).success).to.equal(true);
  });

  it("does not let the teachers' 休假 overrides reach teachers with a post, whose 休假 is their own", () => {
    const off = { ...defaultPolicy('A1'), overrides: { teacher: { annual: { enabled: false, minimumMinutes: 60 } } } };
    const annual = effectiveRule('teacher-admin', off, 'annual')!;
    expect(annual).to.include({ enabled: true, minimumMinutes: 240, period: 'school-year' });
    expect(annual.overridden).to.deep.equal([]);
    const own = {
      ...defaultPolicy('A1'),
      overrides: { teacher: { annual: { enabled: false } }, 'teacher-admin': { annual: { minimumMinutes: 480 } } },
    };
    expect(effectiveRule('teacher-admin', own, 'annual')!).to.include({ enabled: true, minimumMinutes: 480 });
    expect(effectiveRule('teacher-admin', own, 'annual')!.overridden).to.deep.equal(['minimumMinutes']);
  });

  it('never gives plain teachers 休假: an override enabling it is refused on saving and ignored when stored', () => {
    const stored = {
      ...defaultPolicy('A1'),
      overrides: { teacher: { annual: { enabled: true }, sick: { attachmentFromDays: 3 } } },
    };
    const annual = effectiveRule('teacher', stored, 'annual')!;
    expect(annual.enabled).to.equal(false);
    expect(annual.notAvailable?.code).to.equal('ANNUAL_LEAVE_NOT_FOR_TEACHERS');
    expect(annual.overridden).to.deep.equal([]);
    expect(effectiveRule('teacher', stored, 'sick')!.attachmentRequired).to.deep.equal({ fromDays: 3 });
    expect(effectiveRule('teacher-admin', stored, 'annual')!.enabled).to.equal(true);
    const [refused, ...more] = refusedOverrides(stored.overrides);
    expect(more).to.deep.equal([]);
    expect(refused).to.include({ ruleSet: 'teacher', code: 'annual', field: 'body.overrides.teacher.annual.enabled' });
    expect(refused!.label).to.contain('overrides.teacher.annual.enabled').and.to.contain('休假');
    expect(refused!.message).to.contain('不得開放');
    expect(refusedOverrides({ teacher: { annual: { enabled: false } }, 'teacher-admin': { annual: { enabled: true } } })).to.deep.equal([]);
    expect(refusedOverrides({ 'civil-servant': { annual: { enabled: true } } })).to.deep.equal([]);
  });

  it('refuses overrides of unknown types or fields', () => {
    expect(ruleOverridesSchema.safeParse({ 'civil-servant': { holiday: { enabled: false } } }).success).to.equal(false);
    expect(ruleOverridesSchema.safeParse({ 'civil-servant': { sick: { quota: 99 } } }).success).to.equal(false);
    expect(ruleOverridesSchema.safeParse({ 'civil-servant': { sick: { quotaDays: 30 } } }).success).to.equal(true);
  });
});
