import { agencyPunchRecordsQuery, RECORDS_MAX_DAYS } from '@webitr/contracts';
import type { AgencyPunchRecordsQuery, AgencyPunchRecordsView, DayRecordView } from '@webitr/contracts';
import type { Actor, PunchCardIngestContext } from '../../context.ts';
import { assertAttendanceManager } from '../shared/access.ts';
import { agencyPeople, unitsOf } from '../shared/agency-people.ts';
import { dayRecords } from '../shared/day-records.ts';
import type { RecordPerson } from '../shared/day-records.ts';
import { datesBetween, periodOf } from '../shared/period.ts';

export const query = agencyPunchRecordsQuery;

const KEEP: Record<AgencyPunchRecordsQuery['filter'], (d: DayRecordView) => boolean> = {
  all: () => true,
  anomaly: (d) => d.anomaly,
  open: (d) => d.correction === 'open',
  corrected: (d) => d.correction === 'corrected',
};

/**
 * 刷卡資料 (attendance managers): the agency's people found by 姓名, 卡號 or id
 * and/or unit; their days over a period (newest first, person by person)
 * with punches, results, covering forms and 忘刷卡 corrections; optionally
 * only the anomalies, the days still open (待更正) or those corrected; paged.
 */
export async function execute(
  ctx: PunchCardIngestContext,
  actor: Actor,
  agencyId: string,
  q: AgencyPunchRecordsQuery,
): Promise<AgencyPunchRecordsView> {
  assertAttendanceManager(actor, agencyId);
  const { from, to } = periodOf(ctx, q, RECORDS_MAX_DAYS);
  const everyone = await agencyPeople(ctx, agencyId);
  const people = await matching(ctx, agencyId, everyone, q);
  const dates = datesBetween(from, to).reverse();
  const start = (q.page - 1) * q.pageSize;
  let total: number;
  let items: DayRecordView[];
  if (q.filter === 'all') {
    // Every person has every date: the page's rows are known before anything is read.
    total = people.length * dates.length;
    const first = Math.floor(start / dates.length);
    const shown = people.slice(first, Math.ceil((start + q.pageSize) / dates.length));
    const rows = await dayRecords(ctx, agencyId, shown, dates, { punches: true });
    items = rows.slice(start - first * dates.length, start - first * dates.length + q.pageSize);
  } else {
    const kept = (await dayRecords(ctx, agencyId, people, dates, { punches: false })).filter(KEEP[q.filter]);
    total = kept.length;
    const page = kept.slice(start, start + q.pageSize);
    // The page's punches, read for its people and dates only.
    const pagePeople = people.filter((p) => page.some((d) => d.personId === p.personId));
    const pageDates = [...new Set(page.map((d) => d.date))];
    const full = new Map(
      (await dayRecords(ctx, agencyId, pagePeople, pageDates, { punches: true })).map((d) => [`${d.personId}|${d.date}`, d]),
    );
    items = page.map((d) => full.get(`${d.personId}|${d.date}`) ?? d);
  }
  return {
    from,
    to,
    people: people.map((p) => ({ personId: p.personId, name: p.name, unitId: p.unitId ?? null, unitName: p.unitName ?? null })),
    units: unitsOf(everyone),
    items,
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Those the search names: by unit, and by a part of the name, the exact id or a card they hold; without `q`, everyone not separated. */
async function matching(
  ctx: PunchCardIngestContext,
  agencyId: string,
  everyone: readonly (RecordPerson & { status: string })[],
  q: AgencyPunchRecordsQuery,
): Promise<RecordPerson[]> {
  let people = q.unitId ? everyone.filter((p) => p.unitId === q.unitId) : [...everyone];
  const text = q.q?.trim();
  if (!text) return people.filter((p) => p.status !== 'separated');
  let holders = new Set<string>();
  if (/^[0-9A-Za-z-]{1,20}$/.test(text)) {
    const { items } = await ctx.directory.findPeopleByCards({ params: { agencyId }, body: { cardNumbers: [text] } });
    holders = new Set(items.map((i) => i.personId));
  }
  const lower = text.toLowerCase();
  people = people.filter((p) => p.name.toLowerCase().includes(lower) || p.personId === text || holders.has(p.personId));
  return people;
}
