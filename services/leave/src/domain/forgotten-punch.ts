import { DIRECTION_LABEL } from '@webitr/contracts';
import type { PunchDirection } from '@webitr/contracts';
import type { IsoDate } from '@webitr/work-calendar';
import { conflict, invalid } from './errors.ts';
import type { AgencySettings } from './policy.ts';

/**
 * Forgotten punch (忘刷卡申請): the date, clock-in or clock-out, the time and a
 * reason, within an agency's monthly and yearly limits (one school: 3 and 12).
 */
export interface ForgottenPunchDraft {
  date: IsoDate;
  direction: PunchDirection;
  time: string;
}

export function evaluateForgottenPunch(
  draft: ForgottenPunchDraft,
  limits: AgencySettings['forgottenPunch'],
  usage: { month: number; year: number; sameSlot: boolean },
  today: IsoDate,
): void {
  if (draft.date > today) throw invalid('PUNCH_IN_FUTURE', 'body.date', '忘刷卡日期', '不得申請未來日期的忘刷卡');
  if (usage.sameSlot)
    throw conflict('PUNCH_DUPLICATE', 'body.direction', '刷卡別', `${draft.date}的${DIRECTION_LABEL[draft.direction]}已有忘刷卡申請`);
  if (usage.month >= limits.monthlyLimit) {
    throw conflict(
      'PUNCH_MONTHLY_LIMIT',
      'body.date',
      '忘刷卡日期',
      `忘刷卡每月以${limits.monthlyLimit}次為限，${draft.date.slice(0, 7)}已申請${usage.month}次`,
    );
  }
  if (usage.year >= limits.yearlyLimit) {
    throw conflict(
      'PUNCH_YEARLY_LIMIT',
      'body.date',
      '忘刷卡日期',
      `忘刷卡每年以${limits.yearlyLimit}次為限，${draft.date.slice(0, 4)}年已申請${usage.year}次`,
    );
  }
}
