import type { z } from 'zod';
import { personSummarySchema } from '@webitr/contracts';
import type { PersonSummary } from '@webitr/contracts';
import type { IsoDate } from '@webitr/work-calendar';
import type { RuleSetId } from './rules/types.ts';

/**
 * What the leave service keeps of the directory's PersonSummary (its cache in
 * person_profiles): schedule group, start of service, job category (→ rule
 * set), agency and unit; roles and apps are the gateway's business.
 */
export const directoryFactsSchema = personSummarySchema.pick({
  name: true,
  agencyId: true,
  agencyName: true,
  unitId: true,
  unitName: true,
  status: true,
  jobCategory: true,
  title: true,
  scheduleGroup: true,
  serviceStartDate: true,
});
export type DirectoryFacts = z.infer<typeof directoryFactsSchema>;

/**
 * What the leave service needs to know about a person: the directory's facts
 * (clients/people.ts reads them, with a cache fed by the directory's events)
 * and what the personnel office keeps here, which takes precedence.
 */
export type PersonProfile = Pick<PersonSummary, 'id' | 'name' | 'agencyId' | 'status'> &
  Partial<Pick<PersonSummary, 'agencyName' | 'unitId' | 'unitName' | 'jobCategory' | 'title'>> & {
    /** Which leave rules apply; undefined for people who do not file leave in the system (代課教師, seed 004). */
    ruleSet: RuleSetId | undefined;
    scheduleGroupId?: string;
    /** Start of service counted for seniority (休假). */
    serviceStartDate?: IsoDate;
    /** Only for the types restricted by sex (娩假, 產前假, 流產假, 生理假); from the personnel office. */
    sex?: 'F' | 'M';
  };

/** 校長, and the posts a teacher holds besides teaching (兼任行政職務): 教務主任, 學務主任 …, 註冊組長, 資訊組長 … */
export const PRINCIPAL_TITLE = /^校長$/;
export const ADMINISTRATIVE_POST_TITLE = /(主任|組長)$/;

/**
 * 職務類別 and 職稱 → rule set. A teacher whose title is a post (主任, 組長) and a
 * principal (校長) follow 教師請假規則 with 休假 (teacher-admin); a 主任 who is
 * not a teacher (人事主任, 會計主任: 職員) is a civil servant.
 */
export function ruleSetFor(category: string | undefined, title: string | undefined): RuleSetId | undefined {
  const base = ruleSetForJobCategory(category);
  const t = title?.trim();
  if (t && PRINCIPAL_TITLE.test(t) && base !== undefined) return 'teacher-admin';
  if (t && category === '教師' && ADMINISTRATIVE_POST_TITLE.test(t)) return 'teacher-admin';
  return base;
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
