import { moveDeputyCommand } from '@webitr/contracts';
import type { MoveDeputyCommand } from '@webitr/contracts';
import { invalid } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { changeDeputyList } from '../shared/deputies.ts';
import type { DeputyListView } from '../shared/deputies.ts';

export const command = moveDeputyCommand;
export type Command = MoveDeputyCommand;

/** Move a deputy one place up or down my list (at either end it stays). */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string, command: Command): Promise<DeputyListView> {
  return changeDeputyList(ctx, actor, (deputies) => {
    const index = deputies.findIndex((d) => d.personId === personId);
    if (index < 0) throw invalid('DEPUTY_NOT_IN_LIST', 'params.personId', '代理人', '此人不在代理人名單中');
    const target = command.direction === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= deputies.length) return deputies;
    const next = [...deputies];
    [next[index], next[target]] = [next[target]!, next[index]!];
    return next;
  });
}
