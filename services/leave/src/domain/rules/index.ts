import { civilServantRules } from './civil-servant.ts';
import { teacherAdminRules } from './teacher-admin.ts';
import { teacherRules } from './teacher.ts';
import type { RuleSet, RuleSetId } from './types.ts';

export * from './types.ts';
export { civilServantRules, teacherAdminRules, teacherRules };

export const RULE_SETS: Record<RuleSetId, RuleSet> = {
  'civil-servant': civilServantRules,
  teacher: teacherRules,
  'teacher-admin': teacherAdminRules,
};
