import { z } from 'zod';
import { taipeiLocal } from '@webitr/work-calendar';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { PUNCH_KINDS } from '../../domain/punch-kinds.ts';
import { punchId } from '../../models/punch.ts';
import type { PunchDoc } from '../../models/punch.ts';
import { punchView } from '../shared/punches.ts';

export const command = z.object({ kind: z.enum(PUNCH_KINDS).meta({ title: '刷卡別' }) });
export type Command = z.infer<typeof command>;

/**
 * 出勤刷卡 on the web: the server's clock only (nothing the client sends says
 * when); the gateway lets it through only from the person's agency's onsite
 * network. One write, shared with the punches arriving at the same moment
 * (PunchWriter): the punch is kept once this answers; the attendance job
 * stores it among the raw punches and computes the day within moments, and
 * the person's own week and last punch take it into account at once.
 * Answers the punch.
 */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, command: Command) {
  const at = ctx.clock();
  const punch: PunchDoc = {
    _id: punchId(actor.sub, at, 'web'),
    personId: actor.sub,
    agencyId: actor.agencyId,
    at,
    date: taipeiLocal(at).date,
    kind: command.kind,
    channel: 'web',
    source: 'web',
    recordedAt: at,
  };
  await ctx.webPunches.record(punch);
  return { punch: punchView(punch) };
}
