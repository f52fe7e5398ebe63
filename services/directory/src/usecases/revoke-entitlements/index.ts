import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeEntitlements } from '../shared/entitlements.ts';
import type { EntitlementResult } from '../shared/entitlements.ts';
import { appsSchema } from '../shared/fields.ts';

/** 取消可用系統 for many people of one agency at once (all must be of the agency, or nothing changes). */
export const command = z.object({
  personIds: z.array(z.string().min(1)).min(1).max(1_000).meta({ title: '人員' }),
  apps: appsSchema.min(1),
});
export type RevokeEntitlementsCommand = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, agencyId: string, cmd: RevokeEntitlementsCommand): Promise<EntitlementResult> {
  return changeEntitlements(ctx, actor, 'revoke', cmd.personIds, cmd.apps, agencyId);
}

/** Revoke one app from one person (unticking the 可用系統 checkbox). */
export function revokeOne(ctx: DirectoryContext, actor: Actor, personId: string, app: string): Promise<EntitlementResult> {
  return changeEntitlements(ctx, actor, 'revoke', [personId], [app]);
}
