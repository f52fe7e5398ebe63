import { z } from 'zod';
import { bulkEntitlementsBody, entitlementResultSchema } from '@webitr/contracts';
import type { EntitlementResult } from '@webitr/contracts';
import { ForbiddenError, NotFoundError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import { changeEntry } from '../../audit/entries.ts';
import { entitlementGranted, entitlementRevoked } from '../../messaging/publishers.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { agencyIdParams } from './fields.ts';
import { changePerson } from './person-writer.ts';

/**
 * 可用系統: grant or revoke apps for one person or many. Each person is one
 * write: the new app list, one event per app changed, one log entry. Granting
 * what is held (or revoking what is not) changes nothing and publishes nothing.
 */
/** Many people of one agency at once (all must be of the agency, or nothing changes): the command of both bulk grant and bulk revoke. */
export const bulkEntitlementsCommand = agencyIdParams.extend(bulkEntitlementsBody.shape);
export type BulkEntitlementsCommand = z.infer<typeof bulkEntitlementsCommand>;

export { entitlementResultSchema };
export type { EntitlementResult };

export async function changeEntitlements(
  ctx: DirectoryContext,
  actor: Actor,
  mode: 'grant' | 'revoke',
  personIds: readonly string[],
  apps: readonly string[],
  agencyId?: string,
): Promise<EntitlementResult> {
  const ids = [...new Set(personIds)];
  const wanted = [...new Set(apps)];
  if (agencyId !== undefined) {
    authorize(actor, 'manage-apps', agencyId);
    // All or nothing: every person must be of this agency before anything changes.
    const found = await ctx.models.Person.find({ _id: { $in: ids }, agencyId }, { _id: 1 }).lean();
    if (found.length !== ids.length) {
      const known = new Set(found.map((p) => p._id));
      throw new NotFoundError({
        code: 'PERSON_NOT_IN_AGENCY',
        detail: `本機關查無 ${ids.filter((id) => !known.has(id)).length} 位指定人員，未做任何異動`,
      });
    }
  }
  const items: EntitlementResult['items'] = [];
  for (const personId of ids) {
    let changedApps: string[] = [];
    await changePerson(ctx, personId, (person) => {
      authorize(actor, 'manage-apps', person.agencyId);
      if (agencyId !== undefined && person.agencyId !== agencyId)
        throw new ForbiddenError({ code: 'OUTSIDE_AGENCY', detail: '此人員已不屬於本機關' });
      const held = person.apps ?? [];
      changedApps = mode === 'grant' ? wanted.filter((app) => !held.includes(app)) : wanted.filter((app) => held.includes(app));
      if (changedApps.length === 0) return undefined;
      const next = mode === 'grant' ? [...held, ...changedApps] : held.filter((app) => !changedApps.includes(app));
      const event = mode === 'grant' ? entitlementGranted : entitlementRevoked;
      return {
        set: { apps: next },
        events: changedApps.map((app) => event(person._id, person.agencyId, app, actor.id)),
        entries: [
          changeEntry(actor, {
            action: mode === 'grant' ? 'entitlement.granted' : 'entitlement.revoked',
            agencyIds: [person.agencyId],
            targetType: 'person',
            targetId: person._id,
            personId: person._id,
            changes: ['apps'],
            before: { apps: held },
            after: { apps: next },
          }),
        ],
      };
    });
    items.push({ personId, changed: changedApps, unchanged: wanted.filter((app) => !changedApps.includes(app)) });
  }
  return { items };
}
