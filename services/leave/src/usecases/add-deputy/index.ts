import { addDeputyCommand, MAX_DEPUTIES } from '@webitr/contracts';
import type { AddDeputyCommand } from '@webitr/contracts';
import { conflict, invalid } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { changeDeputyList } from '../shared/deputies.ts';
import type { DeputyListView } from '../shared/deputies.ts';

export const command = addDeputyCommand;
export type Command = AddDeputyCommand;

/** Add a colleague at the end of my deputy list. */
export async function execute(ctx: LeaveContext, actor: Actor, command: Command): Promise<DeputyListView> {
  if (command.personId === actor.sub) throw invalid('DEPUTY_SELF', 'body.personId', '代理人', '不得設定自己為代理人');
  const person = await ctx.people.get(command.personId).catch(() => undefined);
  if (!person) throw invalid('DEPUTY_UNKNOWN', 'body.personId', '代理人', `查無人員 ${command.personId}`);
  // Someone of another agency is no one here: the refusal does not name them.
  if (person.agencyId !== actor.agencyId)
    throw invalid('DEPUTY_OTHER_AGENCY', 'body.personId', '代理人', '此人員不在本機關，無法設定為代理人');
  if (person.status !== 'active') throw invalid('DEPUTY_NOT_ACTIVE', 'body.personId', '代理人', `${person.name}目前非在職狀態`);
  return changeDeputyList(ctx, actor, (deputies) => {
    if (deputies.some((d) => d.personId === person.id))
      throw conflict('DEPUTY_DUPLICATE', 'body.personId', '代理人', `${person.name}已在代理人名單中`);
    if (deputies.length >= MAX_DEPUTIES) throw conflict('DEPUTY_LIST_FULL', 'body.personId', '代理人', `代理人最多${MAX_DEPUTIES}位`);
    return [...deputies, { personId: person.id, name: person.name, ...(person.unitName ? { unitName: person.unitName } : {}) }];
  });
}
