import { teacherRules } from './teacher.ts';
import type { LeaveTypeRule, RuleSet } from './types.ts';
import { LEAVE_TYPE_NAMES } from './types.ts';

const REG = '教師請假規則';

/**
 * 教師請假規則 for teachers holding an administrative post (公立中小學教師兼任
 * 行政職務者: 主任, 組長) and for principals (各級公立學校校長, who follow the
 * rules by the article on 準用 — 第17條第1項第1款 in the 105-04-22 version).
 * They work through the winter and summer breaks, so unlike full-time
 * teachers they get 休假, per school year, with their full-time teaching and
 * administrative years counted together (第8條第1項); every other type is as
 * for teachers. 休假 replaces the teachers' type, so the agency's overrides of
 * the teachers' 休假 (off for them by the regulation) never reach it.
 */
const annual: LeaveTypeRule = {
  code: 'annual',
  name: LEAVE_TYPE_NAMES.annual,
  enabled: true,
  unit: 'hour',
  // 第11條第1項: 每次休假，應至少半日 — half days, the step as well.
  minimumMinutes: 240,
  quota: { kind: 'seniority', basis: 'school-year', minimumDays: 3 },
  period: 'school-year',
  locationRequired: false,
  needsDeputy: true,
  source:
    `${REG}第8條第1項 (公立中小學教師兼任行政職務者應給予休假，專任教師年資得併計：服務滿1學年者自第2學年起每學年7日、滿3學年者自第4學年起14日、滿6學年者自第7學年起21日、滿9學年者自第10學年起28日、滿14學年者自第15學年起30日)；` +
    `第11條第1項 (每學年至少應休畢規定之日數，每次休假應至少半日)；114-10-08修正：當學年休假未達3日者給予3日；校長依第17條準用`,
  verify:
    'article numbers 8/11 are quoted from 教育部104-10-06臺教人(三)字第1040127935號函 (the 105 text); 準用 for 校長 is 第17條 in the 105-04-22 text; the 3-day minimum is from the 114 amendment as reported (自由時報 2025-08-13) — check all three against the 114-10-08 text',
};

export const teacherAdminRules: RuleSet = {
  id: 'teacher-admin',
  extends: 'teacher',
  replaces: ['annual'],
  name: `${REG} (兼任行政職務教師及校長)`,
  version: teacherRules.version,
  effectiveFrom: teacherRules.effectiveFrom,
  types: teacherRules.types.map((t) => (t.code === 'annual' ? annual : t)),
};
