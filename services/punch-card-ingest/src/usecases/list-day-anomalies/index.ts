import type { DayAnomalies } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../../context.ts';

/**
 * One day's anomalies of every agency (the notification service's daily
 * digest, through the internal API): who, which agency and what, nothing more.
 */
export async function execute(ctx: PunchCardIngestContext, date: string): Promise<DayAnomalies> {
  const days = await ctx.models.days.find({ date, anomaly: true }, { personId: 1, agencyId: 1, result: 1 }).lean();
  return {
    date,
    items: days.map((d) => ({ personId: d.personId, agencyId: d.agencyId, code: d.result!.code, label: d.result!.label })),
  };
}
