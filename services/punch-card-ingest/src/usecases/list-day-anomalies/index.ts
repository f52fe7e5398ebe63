import type { z } from 'zod';
import { dayAnomaliesQuery } from '@webitr/contracts';
import type { DayAnomalies } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../../context.ts';
import { agencyPeople } from '../shared/agency-people.ts';
import { dayRecords } from '../shared/day-records.ts';

export const query = dayAnomaliesQuery;
export type Query = z.infer<typeof query>;

/** People judged at once: one day each, so a chunk is as many person-days as 出勤異常 holds at once. */
const PEOPLE_AT_ONCE = 20_000;

/**
 * One day's anomalies of an agency's people (the notification service's
 * daily digest, through the internal API): who and what, nothing more.
 * Judged as 出勤異常 judges them (dayRecords): a workday with no punch and no
 * form is 曠職 here too, though no day of that person was ever stored: the
 * digest must not miss the one who never punched (on a day they were in
 * service: not before 到職日, nor during 留職停薪). Reading writes nothing.
 */
export async function execute(ctx: PunchCardIngestContext, q: Query): Promise<DayAnomalies> {
  const people = (await agencyPeople(ctx, q.agencyId)).filter((p) => p.status !== 'separated');
  const items: DayAnomalies['items'] = [];
  for (let i = 0; i < people.length; i += PEOPLE_AT_ONCE) {
    const records = await dayRecords(ctx, q.agencyId, people.slice(i, i + PEOPLE_AT_ONCE), [q.date], { punches: false });
    for (const r of records)
      if (r.anomaly && r.result) items.push({ personId: r.personId, agencyId: q.agencyId, code: r.result.code, label: r.result.label });
  }
  return { date: q.date, items };
}
