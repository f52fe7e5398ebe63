import { z } from 'zod';
import { separationBody, statusChangeBody } from '@webitr/contracts';
import { ConflictError } from '@webitr/platform';
import type { EmploymentStatus } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { ChangeAction } from '../../models/change-log.ts';
import type { EmploymentPeriod } from '../../models/person.ts';
import { changeEntry, compact } from '../../audit/entries.ts';
import { personChanged } from '../../messaging/publishers.ts';
import { authorizePersonChange } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { todayInTaipei } from './dates.ts';
import { changePerson } from './person-writer.ts';
import { releaseHeadships } from './units.ts';
import { personDetail } from './views.ts';
import type { PersonDetail } from './views.ts';

/**
 * 離職 (separate), 留職停薪 (suspend), 復職 (reinstate). The current period of the
 * employment history is closed and a new one opened, so the history stays.
 * A person who separates stops heading units.
 */
export const statusChangeSchema = statusChangeBody;
export type ChangeStatusCommand = z.infer<typeof statusChangeSchema>;
/** 離職 ends a person's access everywhere: the change log must say why (退休、調職、辭職…). */
export const separationSchema = separationBody;

export type StatusChange = 'separate' | 'suspend' | 'reinstate';

export const TRANSITIONS: Record<StatusChange, { to: EmploymentStatus; from: EmploymentStatus[]; action: ChangeAction }> = {
  separate: { to: 'separated', from: ['active', 'leave-without-pay'], action: 'person.separated' },
  suspend: { to: 'leave-without-pay', from: ['active'], action: 'person.suspended' },
  reinstate: { to: 'active', from: ['leave-without-pay', 'separated'], action: 'person.reinstated' },
};

const STATUS_NAMES: Record<EmploymentStatus, string> = { active: '在職', 'leave-without-pay': '留職停薪', separated: '離職' };

export async function changeEmploymentStatus(
  ctx: DirectoryContext,
  actor: Actor,
  personId: string,
  change: StatusChange,
  cmd: ChangeStatusCommand,
): Promise<PersonDetail> {
  const transition = TRANSITIONS[change];
  const date = cmd.date ?? todayInTaipei(ctx.clock());
  const { person } = await changePerson(
    ctx,
    personId,
    (person) => {
      authorizePersonChange(actor, person);
      if (!transition.from.includes(person.status)) {
        throw new ConflictError({
          code: 'INVALID_STATUS_CHANGE',
          detail: `目前狀態為${STATUS_NAMES[person.status]}，無法${{ separate: '辦理離職', suspend: '辦理留職停薪', reinstate: '辦理復職' }[change]}`,
        });
      }
      if (date < person.statusSince) {
        throw new ConflictError({ code: 'DATE_BEFORE_CURRENT_STATUS', detail: `生效日不可早於目前狀態的生效日 ${person.statusSince}` });
      }
      // The last period is the current one (a suspension's planned end is replaced by the actual one).
      const history: EmploymentPeriod[] = (person.employment ?? []).map((p, i, all) => (i === all.length - 1 ? { ...p, until: date } : p));
      history.push(compact({ status: transition.to, from: date, until: change === 'suspend' ? cmd.until : undefined, reason: cmd.reason }));
      return {
        set: { status: transition.to, statusSince: date, employment: history.map((p) => compact(p)) },
        events: [personChanged(person._id, person.agencyId, ['status'])],
        entries: [
          changeEntry(actor, {
            action: transition.action,
            agencyIds: [person.agencyId],
            targetType: 'person',
            targetId: person._id,
            personId: person._id,
            changes: ['status', 'statusSince'],
            before: { status: person.status, statusSince: person.statusSince },
            after: compact({ status: transition.to, statusSince: date, until: cmd.until }),
            note: cmd.reason,
          }),
        ],
      };
    },
    { expectedVersion: cmd.version },
  );
  if (change === 'separate') await releaseHeadships(ctx, actor, personId, '人員離職');
  return personDetail(person);
}
