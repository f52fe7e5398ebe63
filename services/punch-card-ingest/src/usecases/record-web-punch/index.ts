import { z } from 'zod';
import { isDuplicateKeyError } from '@webitr/platform';
import { taipeiLocal } from '@webitr/work-calendar';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { PUNCH_KINDS } from '../../domain/punch-kinds.ts';
import { punchId } from '../../models/punch.ts';
import type { PunchDoc } from '../../models/punch.ts';
import { computeStoredDay, foldPunch, mergeDay } from '../shared/attendance.ts';
import type { DaySummary } from '../shared/attendance.ts';
import { lastPunchOf, punchView } from '../shared/punches.ts';

export const command = z.object({ kind: z.enum(PUNCH_KINDS).meta({ title: '刷卡別' }) });
export type Command = z.infer<typeof command>;

/**
 * 出勤刷卡 on the web: the server's clock only (nothing the client sends says
 * when); the gateway lets it through only from the person's agency's onsite
 * network. The day is computed again at once. Answers the punch and the one
 * before it.
 */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, command: Command) {
  const previous = await lastPunchOf(ctx, actor.sub);
  const at = ctx.clock();
  const { date } = taipeiLocal(at);
  const punch: PunchDoc = {
    _id: punchId(actor.sub, at, 'web'),
    personId: actor.sub,
    agencyId: actor.agencyId,
    at,
    date,
    kind: command.kind,
    channel: 'web',
    source: 'web',
    recordedAt: at,
  };
  try {
    await ctx.models.punches.create(punch);
  } catch (error) {
    // The same millisecond twice (a double click that reached us twice): one punch.
    if (!isDuplicateKeyError(error)) throw error;
  }
  const summary: DaySummary = {};
  foldPunch(summary, at, command.kind);
  await mergeDay(ctx, actor.sub, actor.agencyId, date, summary);
  await computeStoredDay(ctx, actor.sub, date);
  return { punch: punchView(punch), previous: previous ? punchView(previous) : null };
}
