import { z } from 'zod';
import { ForbiddenError, hasRole, NotFoundError } from '@webitr/platform';
import { dateField } from '@webitr/work-calendar';
import { conflict } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { NATIONAL } from '../shared/calendar.ts';
import { isManagerOf } from '../shared/forms.ts';
import { isDuplicateKeyError } from '@webitr/platform';
import { recalculateCharges } from '../recalculate-charges/index.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時間格式為 HH:MM');

export const calendarEntryCommand = z.object({
  date: dateField('日期'),
  kind: z.enum(['holiday', 'makeup-workday', 'special-day-off', 'closure']).meta({ title: '類別' }),
  name: z.string().trim().min(1).max(50).meta({ title: '名稱' }),
  from: time.optional().meta({ title: '起時' }),
  to: time.optional().meta({ title: '迄時' }),
});

export const calendarQuery = z.object({ from: dateField('起日'), to: dateField('迄日') });

/** National entries (agency `*`) are for system administrators; an agency's special days and closures for its attendance managers. */
export function assertMayEdit(actor: Actor, agencyId: string): void {
  const ok = agencyId === NATIONAL ? hasRole(actor, 'system-admin', NATIONAL) : isManagerOf(actor, agencyId);
  if (!ok) throw new ForbiddenError({ code: 'ATTENDANCE_MANAGER_ONLY', detail: '僅差勤管理者可登錄特殊節日及停止上班' });
}

export async function addCalendarEntry(ctx: LeaveContext, actor: Actor, agencyId: string, command: z.infer<typeof calendarEntryCommand>) {
  assertMayEdit(actor, agencyId);
  const _id = `${agencyId}|${command.date}|${command.kind}`;
  const doc = { _id, agencyId, ...command, createdBy: actor.sub, createdAt: ctx.clock() };
  try {
    await ctx.models.calendar.create(doc);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict('CALENDAR_ENTRY_EXISTS', 'body.date', '日期', '該日已有同類別的登記');
    throw error;
  }
  const { recalculated } = await recalculateCharges(ctx, agencyId, [command.date], `登錄${command.name}`);
  return { id: _id, ...command, agencyId, recalculated };
}

export async function removeCalendarEntry(ctx: LeaveContext, actor: Actor, agencyId: string, entryId: string): Promise<void> {
  assertMayEdit(actor, agencyId);
  const entry = await ctx.models.calendar.findOneAndDelete({ _id: entryId, agencyId }).lean();
  if (!entry) throw new NotFoundError({ code: 'CALENDAR_ENTRY_NOT_FOUND' });
  // Forms covering the day are measured again (their reply is already 204; a failure is logged and left to the next change).
  await recalculateCharges(ctx, agencyId, [entry.date], `刪除${entry.name}`);
}

export async function listCalendar(ctx: LeaveContext, agencyId: string, query: z.infer<typeof calendarQuery>) {
  const docs = await ctx.models.calendar.find({ agencyId: { $in: [NATIONAL, agencyId] }, date: { $gte: query.from, $lte: query.to } }).sort({ date: 1 }).lean();
  return { items: docs.map(({ _id, createdAt: _c, ...rest }) => ({ id: _id, ...rest })) };
}
