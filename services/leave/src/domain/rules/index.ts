import { civilServantRules } from './civil-servant.ts';
import { teacherRules } from './teacher.ts';
import type { RuleSet, RuleSetId } from './types.ts';

export * from './types.ts';
export { civilServantRules, teacherRules };

export const RULE_SETS: Record<RuleSetId, RuleSet> = {
  'civil-servant': civilServantRules,
  teacher: teacherRules,
};
