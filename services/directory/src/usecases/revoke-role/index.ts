import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeRole, roleParams } from '../shared/roles.ts';
import type { PersonDetail } from '../shared/views.ts';

export const command = roleParams;
export type Command = z.infer<typeof command>;

/** 取消角色. */
export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<PersonDetail> {
  return changeRole(ctx, actor, 'revoke', command.personId, command.role);
}
