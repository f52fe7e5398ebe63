import type { DirectoryContext } from '../../context.ts';
import type { GrantedRole } from '../../models/person.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeRole } from '../shared/roles.ts';
import type { PersonDetail } from '../shared/views.ts';

export { roleParams as params } from '../shared/roles.ts';

/** 取消角色. */
export function execute(ctx: DirectoryContext, actor: Actor, personId: string, role: GrantedRole): Promise<PersonDetail> {
  return changeRole(ctx, actor, 'revoke', personId, role);
}
