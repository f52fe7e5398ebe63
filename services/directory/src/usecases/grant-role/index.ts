import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeRole, roleParams } from '../shared/roles.ts';
import type { PersonDetail } from '../shared/views.ts';

export const command = roleParams;
export type Command = z.infer<typeof command>;

/** 授予角色: attendance manager (差勤管理者), agency administrator (機關管理員), system administrator. */
export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<PersonDetail> {
  return changeRole(ctx, actor, 'grant', command.personId, command.role);
}
