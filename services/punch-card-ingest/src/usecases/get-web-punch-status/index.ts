import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { lastPunchOf, punchView } from '../shared/punches.ts';

/** What the 出勤刷卡 page shows: the server's time (the one a punch will get) and my last punch. */
export async function execute(ctx: PunchCardIngestContext, actor: Actor) {
  const last = await lastPunchOf(ctx, actor.sub);
  return { serverTime: ctx.clock().toISOString(), lastPunch: last ? punchView(last) : null };
}
