import { civilServantRules } from './civil-servant.ts';
import type { LeaveTypeCode, LeaveTypeRule, RuleSet } from './types.ts';
import { LEAVE_TYPE_NAMES } from './types.ts';

const REG = '教師請假規則';
const HOUR = 60;

const fromCivil = (code: LeaveTypeCode, changes: Partial<LeaveTypeRule>): LeaveTypeRule => {
  const base = civilServantRules.types.find((t) => t.code === code);
  if (!base) throw new Error(`no civil-servant rule ${code}`);
  return { ...base, ...changes };
};

/**
 * 教師請假規則 (教育部發布; 114-10-08 修正: 身心調適假). Applies to full-time
 * teachers (專任教師) of public and registered private schools (第2條); the
 * personal and sick leave periods are school years (學年, 8/1–7/31).
 * Substitute teachers (代課教師) do not file leave in the system (seed 004).
 */
const types: LeaveTypeRule[] = [
  fromCivil('annual', {
    enabled: false,
    regulationGivesNone: true,
    notAvailable: {
      code: 'ANNUAL_LEAVE_NOT_FOR_TEACHERS',
      detail: `專任教師依${REG}不給休假 (寒暑假期間除返校服務及進修研究等活動之日外，不必到校)；兼任行政職務之教師及校長依同規則第8條按學年給予休假。如您兼任主任、組長或為校長，請洽人事室更新職稱`,
    },
    source: `${REG}第8條 (休假僅給兼任行政職務之教師)；專任教師寒暑假除返校服務及進修研究等活動之日外視為教師假期`,
    verify: 'the article on 寒暑假 as 教師假期 is to be cited from the 114-10-08 text',
  }),
  fromCivil('personal', {
    period: 'school-year',
    prorateFirstYear: false,
    source: `${REG}第3條第1項第1款 (因事得請事假，每學年准給7日)`,
  }),
  fromCivil('family-care', {
    period: 'school-year',
    source: `${REG}第3條第1項第1款 (家庭照顧假每學年准給7日，其請假日數併入事假計算)`,
  }),
  fromCivil('sick', {
    period: 'school-year',
    prorateFirstYear: false,
    source: `${REG}第3條第1項第2款 (病假每學年准給28日，超過者以事假抵銷)；2日以上應檢具證明 (比照${REG}第11條)`,
    verify: 'the certificate article number of 教師請假規則 is to be checked',
  }),
  fromCivil('menstrual', {
    period: 'school-year',
    source: `${REG}第3條第1項第2款第1目 (每月得請生理假1日，全學年未逾3日不併入病假計算，其餘日數併入病假計算)`,
  }),
  fromCivil('official', {
    source: `${REG}第4條 (公假期間由學校視實際需要定之)；每年20次為機關設定 (seed 002)；地點必填、上限20字`,
  }),
  fromCivil('official-outing', {}),
  fromCivil('business-trip', {}),
  fromCivil('marriage', {
    source: `${REG}第3條第1項第3款 (婚假14日，應自結婚登記之日前10日起3個月內請畢；特殊事由經學校核准得於1年內請畢)`,
  }),
  fromCivil('prenatal', {
    source: `${REG}第3條第1項第4款 (分娩前給產前假8日，得分次申請，不得保留至分娩後)`,
  }),
  fromCivil('maternity', {
    source: `${REG}第3條第1項第4款 (分娩後給娩假42日，應一次請畢，且不得扣除寒暑假之日數)`,
  }),
  fromCivil('miscarriage', {
    source: `${REG}第3條第1項第4款 (懷孕滿20週以上流產42日、12週以上未滿20週21日、未滿12週14日，應一次請畢)`,
  }),
  fromCivil('paternity', {
    source: `${REG}第3條第1項第5款 (陪產檢及陪產假7日)`,
    verify: 'days and window copied from the civil-servant rule; check against the regulation text',
  }),
  fromCivil('bereavement', {
    source: `${REG}第3條第1項第6款 (喪假15/10/5日依親屬關係，得分次申請，應於百日內請畢)`,
    verify: 'copied from the civil-servant rule; check against the regulation text',
  }),
  fromCivil('comp-time', {}),
  fromCivil('abroad', {}),
  {
    code: 'wellbeing',
    name: LEAVE_TYPE_NAMES.wellbeing,
    enabled: true,
    unit: 'hour',
    minimumMinutes: HOUR,
    quota: { kind: 'days', days: 3 },
    period: 'school-year',
    locationRequired: false,
    needsDeputy: true,
    source: `${REG}第3條 (114-10-08修正：身心調適假每學年准給3日，得以時計，學校不得拒絕)`,
    verify: 'new in the 114-10-08 amendment; the exact 項款 is to be checked',
  },
];

export const teacherRules: RuleSet = {
  id: 'teacher',
  name: REG,
  version: '114-10-08',
  effectiveFrom: '2025-10-08',
  types,
};
