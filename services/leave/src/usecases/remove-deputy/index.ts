import { invalid } from '../../domain/errors.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { changeDeputyList } from '../shared/deputies.ts';
import type { DeputyListView } from '../shared/deputies.ts';

/** Take a deputy off my list. */
export async function execute(ctx: LeaveContext, actor: Actor, personId: string): Promise<DeputyListView> {
  return changeDeputyList(ctx, actor, (deputies) => {
    if (!deputies.some((d) => d.personId === personId))
      throw invalid('DEPUTY_NOT_IN_LIST', 'params.personId', '代理人', '此人不在代理人名單中');
    return deputies.filter((d) => d.personId !== personId);
  });
}
