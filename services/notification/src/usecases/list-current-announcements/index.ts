import type { AnnouncementList, PersonIdentity } from '@webitr/contracts';
import { taipeiLocal } from '@webitr/work-calendar';
import type { NotificationContext } from '../../context.ts';
import type { Announcement } from '../../models/announcement.ts';
import { announcementView } from '../shared/announcements.ts';

/** How far up the unit tree a person's unit is followed (a 組 under a 處 under …). */
const MAX_UNIT_DEPTH = 8;

/**
 * 首頁's 人事公告: the announcements of the person's own agency whose dates
 * hold today (Taipei), for the whole agency or for a unit the person is in
 * (their unit or one above it). Newest start first.
 */
export async function execute(ctx: NotificationContext, actor: PersonIdentity): Promise<AnnouncementList> {
  const today = taipeiLocal(ctx.clock()).date;
  const current = await ctx.announcements
    .find({ agencyId: actor.agencyId, startDate: { $lte: today }, endDate: { $gte: today }, withdrawnAt: { $exists: false } })
    .sort({ startDate: -1, postedAt: -1 })
    .limit(50)
    .lean<Announcement[]>();
  // The directory is asked for the person's units only when some announcement is for units.
  const units = current.some((a) => a.units.length > 0) ? await unitsOf(ctx, actor.sub) : new Set<string>();
  return { items: current.filter((a) => a.units.length === 0 || a.units.some((u) => units.has(u.id))).map(announcementView) };
}

/** The person's unit and every unit above it. */
async function unitsOf(ctx: NotificationContext, personId: string): Promise<Set<string>> {
  const units = new Set<string>();
  let unitId = (await ctx.people.person(personId))?.unitId;
  while (unitId && !units.has(unitId) && units.size < MAX_UNIT_DEPTH) {
    units.add(unitId);
    unitId = (await ctx.people.unit(unitId))?.parentId;
  }
  return units;
}
