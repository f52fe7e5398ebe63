import { ForbiddenError, isDuplicateKeyError } from '@webitr/platform';
import { setCommonReasonsCommand } from '@webitr/contracts';
import type { CommonReasonsView, SetCommonReasonsCommand } from '@webitr/contracts';
import { conflict } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { mayIn } from '../shared/access.ts';

export const command = setCommonReasonsCommand;
export type Command = SetCommonReasonsCommand;

const changedMeanwhile = () => conflict('COMMON_REASONS_CHANGED', 'body.version', '版本', '常用事由已被其他人修改，請重新載入後再儲存');

/**
 * 差假事由編輯 (seed 001, 11-3): the agency's attendance managers replace the
 * list of common reasons, on the condition that nobody saved it since they
 * read it (`version`; 0 for an agency without one), so two managers editing
 * at once cannot silently drop each other's reasons.
 */
export async function execute(ctx: LeaveContext, actor: Actor, agencyId: string, command: Command): Promise<CommonReasonsView> {
  if (!mayIn(actor, 'manage-common-reasons', agencyId))
    throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可編輯常用事由' });
  const now = ctx.clock();
  const version = command.version + 1;
  const set = { reasons: command.reasons, version, updatedAt: now, updatedBy: actor.sub };
  if (command.version === 0) {
    try {
      await ctx.models.commonReasons.create({ _id: agencyId, ...set });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw changedMeanwhile();
      throw error;
    }
  } else {
    const written = await ctx.models.commonReasons.updateOne({ _id: agencyId, version: command.version }, { $set: set });
    if (written.matchedCount === 0) throw changedMeanwhile();
  }
  return { agencyId, reasons: command.reasons, version };
}
