import { randomUUID } from 'node:crypto';
import { InputError } from '@webitr/platform';
import { postAnnouncementCommand } from '@webitr/contracts';
import type { AnnouncementView, PersonIdentity, PostAnnouncementCommand } from '@webitr/contracts';
import type { NotificationContext } from '../../context.ts';
import { announcementView, mayManageAnnouncements } from '../shared/announcements.ts';

export const command = postAnnouncementCommand;
export type Command = PostAnnouncementCommand;

/** 新增公告: the units must be the agency's; their names and the poster's are kept with it. */
export async function execute(ctx: NotificationContext, actor: PersonIdentity, command: Command): Promise<AnnouncementView> {
  mayManageAnnouncements(actor, command.agencyId);
  const unitIds = [...new Set(command.unitIds)];
  const units = await Promise.all(unitIds.map((id) => ctx.people.unit(id)));
  const foreign = unitIds.filter((_, i) => units[i]?.agencyId !== command.agencyId);
  if (foreign.length > 0)
    throw new InputError({
      code: 'ANNOUNCEMENT_UNIT_NOT_FOUND',
      detail: `公告對象：本機關沒有這個單位（${foreign.join('、')}）`,
      fields: [{ field: 'body.unitIds', label: '公告對象', code: 'not_found', message: '本機關沒有這個單位' }],
    });
  const poster = await ctx.people.person(actor.sub);
  const doc = await ctx.announcements.create({
    _id: randomUUID(),
    agencyId: command.agencyId,
    title: command.title,
    body: command.body,
    startDate: command.startDate,
    endDate: command.endDate,
    units: units.map((u) => ({ id: u!.id, name: u!.name })),
    postedBy: { id: actor.sub, name: poster?.name ?? actor.sub },
    postedAt: ctx.clock(),
  });
  return announcementView(doc.toObject());
}
