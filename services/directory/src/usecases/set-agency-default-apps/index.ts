import { z } from 'zod';
import { defaultAppsBody } from '@webitr/contracts';
import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import { changeEntry, diff } from '../../audit/entries.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeDocument } from '../shared/document-writer.ts';
import { agencyIdParams } from '../shared/fields.ts';
import { agencyNotFound, agencySummary } from '../shared/agencies.ts';

/**
 * 機關預設可用系統: the apps granted to each person who joins the agency (new,
 * imported or transferred in). People already there keep what they have;
 * grant to them with the entitlement routes.
 */
export const command = agencyIdParams.extend(defaultAppsBody.shape);
export type SetDefaultAppsCommand = z.infer<typeof command>;

export async function execute(ctx: DirectoryContext, actor: Actor, command: SetDefaultAppsCommand): Promise<AgencySummary> {
  const { agencyId } = command;
  authorize(actor, 'manage-agency-settings', agencyId);
  const apps = [...new Set(command.apps)].sort();
  const { doc } = await changeDocument<Agency>(
    ctx,
    ctx.models.Agency,
    agencyId,
    agencyNotFound,
    (agency) => {
      const changed = diff({ defaultApps: [...(agency.defaultApps ?? [])].sort() }, { defaultApps: apps });
      if (changed.changes.length === 0) return undefined;
      return {
        set: { defaultApps: apps },
        entries: [
          changeEntry(actor, {
            action: 'agency.default-apps.changed',
            agencyIds: [agencyId],
            targetType: 'agency',
            targetId: agencyId,
            ...changed,
          }),
        ],
      };
    },
    { expectedVersion: command.version },
  );
  return agencySummary(doc);
}
