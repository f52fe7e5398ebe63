import { z } from 'zod';
import { appParams } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeEntitlements } from '../shared/entitlements.ts';
import type { EntitlementResult } from '../shared/entitlements.ts';

/** Revoke one app from one person (unticking the 可用系統 checkbox). */
export const command = appParams;
export type Command = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, command: Command): Promise<EntitlementResult> {
  return changeEntitlements(ctx, actor, 'revoke', [command.personId], [command.app]);
}
