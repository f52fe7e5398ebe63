import { z } from 'zod';
import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeEntitlements } from '../shared/entitlements.ts';
import type { EntitlementResult } from '../shared/entitlements.ts';
import { appsSchema } from '../shared/fields.ts';

/** 授權可用系統 to many people of one agency at once (all must be of the agency, or nothing changes). */
export const command = z.object({
  personIds: z.array(z.string().min(1)).min(1).max(1_000).meta({ title: '人員' }),
  apps: appsSchema.min(1),
});
export type GrantEntitlementsCommand = z.infer<typeof command>;

export function execute(ctx: DirectoryContext, actor: Actor, agencyId: string, cmd: GrantEntitlementsCommand): Promise<EntitlementResult> {
  return changeEntitlements(ctx, actor, 'grant', cmd.personIds, cmd.apps, agencyId);
}

/** Grant one app to one person (the 可用系統 checkbox). */
export function grantOne(ctx: DirectoryContext, actor: Actor, personId: string, app: string): Promise<EntitlementResult> {
  return changeEntitlements(ctx, actor, 'grant', [personId], [app]);
}
