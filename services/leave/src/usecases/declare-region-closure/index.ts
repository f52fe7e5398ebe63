import { declareRegionClosureCommand } from '@webitr/contracts';
import type { DeclareRegionClosureCommand, RegionClosureView } from '@webitr/contracts';
import { ForbiddenError, hasRole } from '@webitr/platform';
import { RuleError } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { NATIONAL } from '../shared/calendar.ts';
import { addCalendarEntry } from '../shared/calendar-entries.ts';

export const command = declareRegionClosureCommand;
export type Command = DeclareRegionClosureCommand;

/**
 * 停止上班上課 for a region: the same closure registered for each agency
 * named (a city's announcement covers its agencies and schools), one agency
 * after another — each entry, its recalculation and its event are the agency's
 * own, exactly as if its attendance manager had declared it. An agency that
 * already has a closure that day keeps it and is reported as refused; the
 * others still get theirs. System administrators only: the national scope.
 */
export async function execute(ctx: LeaveContext, actor: Actor, command: Command): Promise<RegionClosureView> {
  if (!hasRole(actor, 'system-admin', NATIONAL))
    throw new ForbiddenError({ code: 'SYSTEM_ADMIN_ONLY', detail: '僅系統管理者可為多個機關登錄停止上班上課' });
  const { agencyIds, ...entry } = command;
  const items: RegionClosureView['items'] = [];
  for (const agencyId of new Set(agencyIds)) {
    try {
      const added = await addCalendarEntry(ctx, actor, agencyId, { ...entry, kind: 'closure' });
      items.push({ agencyId, entryId: added.id, recalculated: added.recalculated.length });
    } catch (error) {
      if (!(error instanceof RuleError) || error.code !== 'CALENDAR_ENTRY_EXISTS') throw error;
      items.push({ agencyId, refused: { code: error.code, detail: error.detail ?? '' } });
    }
  }
  return { items };
}
