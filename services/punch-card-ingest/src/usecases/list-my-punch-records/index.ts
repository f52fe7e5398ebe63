import { myPunchRecordsQuery, RECORDS_MAX_DAYS } from '@webitr/contracts';
import type { MyPunchRecordsQuery, MyPunchRecordsView } from '@webitr/contracts';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { dayRecords, recordPersonOf } from '../shared/day-records.ts';
import { personOf } from '../shared/people.ts';
import { datesBetween, periodOf } from '../shared/period.ts';

export const query = myPunchRecordsQuery;

/**
 * 刷卡資料 (mine): every day of a period with its raw punches (card files, web,
 * devices, approved 忘刷卡), its result, the forms covering it and the
 * 忘刷卡 forms correcting it, newest day first.
 */
export async function execute(ctx: PunchCardIngestContext, actor: Actor, q: MyPunchRecordsQuery): Promise<MyPunchRecordsView> {
  const { from, to } = periodOf(ctx, q, RECORDS_MAX_DAYS);
  const person = await personOf(ctx, actor.sub);
  const me = recordPersonOf(actor.sub, person);
  const items = await dayRecords(ctx, person?.agencyId ?? actor.agencyId, [me], datesBetween(from, to).reverse(), { punches: true });
  return { from, to, items };
}
