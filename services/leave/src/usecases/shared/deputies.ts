import { conflict, invalid } from '../../domain/errors.ts';
import type { DeputyRef } from '../../models/form.ts';
import type { LeaveContext } from '../../context.ts';
import { overlappingAbsences } from './forms.ts';

/** The seed's words (002): a deputy with an unfinished leave request in the interval cannot act. */
export const DEPUTY_ON_LEAVE_MESSAGE = '在請假區間有尚未批核完成的差假申請單，無法再執行代理業務。';

/** Whether the person has own leave (pending or approved) overlapping the interval. */
export async function isOnLeave(ctx: LeaveContext, personId: string, start: Date, end: Date): Promise<boolean> {
  return (await overlappingAbsences(ctx, personId, start, end)).length > 0;
}

/**
 * The deputy a form names: the one asked for (who must be on the applicant's
 * list and free), or else the first on the list who is free. A person must set
 * up deputies before the first leave request (seed 002: 第一次使用需先設定代理人).
 */
export async function chooseDeputy(ctx: LeaveContext, applicantId: string, start: Date, end: Date, requested: string | undefined): Promise<DeputyRef> {
  const list = await ctx.models.deputyLists.findById(applicantId).lean();
  const deputies = list?.deputies ?? [];
  if (deputies.length === 0) throw conflict('DEPUTIES_NOT_SET', 'body.deputyId', '職務代理人', '第一次使用需先設定代理人 (個人資料 / 代理人設定)');
  if (requested) {
    const entry = deputies.find((d) => d.personId === requested);
    if (!entry) throw invalid('DEPUTY_NOT_IN_LIST', 'body.deputyId', '職務代理人', '職務代理人須為您代理人設定中的人員');
    if (await isOnLeave(ctx, requested, start, end)) throw conflict('DEPUTY_ON_LEAVE', 'body.deputyId', '職務代理人', `${entry.name}${DEPUTY_ON_LEAVE_MESSAGE}`);
    return { personId: entry.personId, name: entry.name, status: 'pending' };
  }
  for (const entry of deputies) {
    if (!(await isOnLeave(ctx, entry.personId, start, end))) return { personId: entry.personId, name: entry.name, status: 'pending' };
  }
  throw conflict('DEPUTY_ON_LEAVE', 'body.deputyId', '職務代理人', `您的代理人皆${DEPUTY_ON_LEAVE_MESSAGE}請增設代理人`);
}
