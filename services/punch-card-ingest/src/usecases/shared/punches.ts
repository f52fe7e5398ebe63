import { taipeiLocal } from '@webitr/work-calendar';
import type { PunchCardIngestContext } from '../../context.ts';
import type { PunchDoc } from '../../models/punch.ts';

/** A punch as the pages show it: the instant, its Taipei date and time, the kind and where it came from. */
export const punchView = (p: Pick<PunchDoc, 'at' | 'kind' | 'channel'>) => {
  const local = taipeiLocal(p.at);
  const time = `${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`;
  return { at: p.at.toISOString(), date: local.date, time, kind: p.kind ?? null, channel: p.channel };
};

/**
 * The person's latest punch of today or yesterday (the 出勤刷卡 page shows
 * it): among the raw punches and the web punches still in their pending
 * entries (the attendance job stores them within moments).
 */
export async function lastPunchOf(ctx: PunchCardIngestContext, personId: string): Promise<PunchDoc | undefined> {
  const today = taipeiLocal(ctx.clock()).date;
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const [found, pending] = await Promise.all([
    ctx.models.punches
      .find({ personId, date: { $in: [yesterday, today] } })
      .sort({ at: -1 })
      .limit(1)
      .lean(),
    ctx.models.pending.find({ personId }, { punches: 1 }).lean(),
  ]);
  const candidates = [...found, ...pending.flatMap((e) => e.punches ?? []).filter((p) => p.date === today || p.date === yesterday)];
  return candidates.reduce<PunchDoc | undefined>((last, p) => (!last || p.at > last.at ? p : last), undefined);
}
