import type { z } from 'zod';
import { dayAnomaliesQuery } from '@webitr/contracts';
import type { DayAnomalies } from '@webitr/contracts';
import type { PunchCardIngestContext } from '../../context.ts';
import { agencyPeople } from '../shared/agency-people.ts';
import { anomaliesOf } from '../shared/day-records.ts';

export const query = dayAnomaliesQuery;
export type Query = z.infer<typeof query>;

/**
 * One day's anomalies of an agency's people (the notification service's
 * daily digest, through the internal API): who and what, nothing more.
 * Judged as 出勤異常 judges them (dayRecords): a workday with no punch and no
 * form is 曠職 here too, though no day of that person was ever stored: the
 * digest must not miss the one who never punched (on a day they were in
 * service: before 到職日 or during 留職停薪 such a day is 未在職). Reading
 * writes nothing.
 */
export async function execute(ctx: PunchCardIngestContext, q: Query): Promise<DayAnomalies> {
  const people = (await agencyPeople(ctx, q.agencyId)).filter((p) => p.status !== 'separated');
  const items = await anomaliesOf(ctx, q.agencyId, people, [q.date], (r) => ({
    personId: r.personId,
    agencyId: q.agencyId,
    code: r.result!.code,
    label: r.result!.label,
  }));
  return { date: q.date, items };
}
