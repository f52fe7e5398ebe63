import type { DirectoryContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { bulkEntitlementsCommand, changeEntitlements } from '../shared/entitlements.ts';
import type { BulkEntitlementsCommand, EntitlementResult } from '../shared/entitlements.ts';

/** 取消可用系統 from many people of one agency at once (all must be of the agency, or nothing changes). */
export const command = bulkEntitlementsCommand;

export function execute(ctx: DirectoryContext, actor: Actor, command: BulkEntitlementsCommand): Promise<EntitlementResult> {
  return changeEntitlements(ctx, actor, 'revoke', command.personIds, command.apps, command.agencyId);
}
