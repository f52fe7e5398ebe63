import type { IsoDate } from '@webitr/work-calendar';
import type { RuleSetId } from './rules/types.ts';

/**
 * What the leave service needs to know about a person. The directory owns
 * people; the leave service reads them through the `People` port
 * (ports/people.ts) and keeps a cache fed by the directory's events.
 */
export interface PersonProfile {
  id: string;
  name: string;
  agencyId: string;
  agencyName?: string;
  unitId?: string;
  unitName?: string;
  status: 'active' | 'leave-without-pay' | 'separated';
  /** Which leave rules apply; undefined for people who do not file leave in the system (代課教師, seed 004). */
  ruleSet: RuleSetId | undefined;
  jobCategory?: string;
  scheduleGroupId?: string;
  /** Start of service counted for seniority (休假). */
  serviceStartDate?: IsoDate;
  /** Only for the types restricted by sex (娩假, 產前假, 流產假, 生理假); from the personnel office. */
  sex?: 'F' | 'M';
}

/**
 * 職務類別 → rule set. 教師 and 代理教師 follow 教師請假規則; 代課教師 do not file
 * leave in the system (seed 004); everyone else follows 公務人員請假規則 (工友、
 * 技工、駕駛 and contract staff have their own rules in law — 工友管理要點, 聘用
 * 人員聘用條例 — which agencies currently apply through overrides).
 */
export function ruleSetForJobCategory(category: string | undefined): RuleSetId | undefined {
  if (category === '代課教師') return undefined;
  if (category === '教師' || category === '代理教師') return 'teacher';
  return 'civil-servant';
}
