import { z } from 'zod';
import { InputError } from '@webitr/platform';
import { agencyLevelSchema } from '@webitr/contracts';
import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import { changeEntry, diff } from '../../audit/entries.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeDocument } from './document-writer.ts';
import type { DocumentChange } from './document-writer.ts';
import { versionSchema } from './fields.ts';
import { agencyNotFound, agencySummary } from './agencies.ts';
import { requireHeadIn } from './units.ts';

/**
 * Rename an agency, change its level or move it in the hierarchy (system
 * administrators), or set its head, 機關首長 (its agency administrators too).
 * null clears the parent or the head.
 */
export const agencyChangeSchema = z.object({
  version: versionSchema.optional(),
  name: z.string().trim().min(1).max(60).optional().meta({ title: '機關名稱' }),
  level: agencyLevelSchema.optional().meta({ title: '機關層級' }),
  parentId: z.string().min(1).nullable().optional().meta({ title: '上級機關' }),
  headId: z.string().min(1).nullable().optional().meta({ title: '機關首長' }),
});
export type UpdateAgencyCommand = z.infer<typeof agencyChangeSchema>;

export async function updateAgency(
  ctx: DirectoryContext,
  actor: Actor,
  agencyId: string,
  cmd: UpdateAgencyCommand,
): Promise<AgencySummary> {
  const structural = cmd.name !== undefined || cmd.level !== undefined || cmd.parentId !== undefined;
  authorize(actor, structural ? 'manage-agencies' : 'manage-agency-settings', agencyId);
  if (cmd.headId !== undefined) authorize(actor, 'manage-agency-settings', agencyId);
  if (cmd.parentId) await refuseCycle(ctx, agencyId, cmd.parentId);
  if (cmd.headId) await requireHeadIn(ctx, agencyId, cmd.headId, 'body.headId', '機關首長');
  const { doc } = await changeDocument<Agency>(
    ctx,
    ctx.models.Agency,
    agencyId,
    agencyNotFound,
    (agency) => {
      const pick = <K extends 'name' | 'level' | 'parentId'>(key: K) => (cmd[key] === null ? undefined : (cmd[key] ?? agency[key]));
      const next = {
        name: pick('name')!,
        level: pick('level')!,
        parentId: pick('parentId'),
        headPersonId: cmd.headId === null ? undefined : (cmd.headId ?? agency.headPersonId),
      };
      const changed = diff({ name: agency.name, level: agency.level, parentId: agency.parentId, headPersonId: agency.headPersonId }, next);
      if (changed.changes.length === 0) return undefined;
      const change: DocumentChange<Agency> = {
        set: {
          name: next.name,
          level: next.level,
          ...(next.parentId ? { parentId: next.parentId } : {}),
          ...(next.headPersonId ? { headPersonId: next.headPersonId } : {}),
        },
        unset: [...(next.parentId ? [] : ['parentId' as const]), ...(next.headPersonId ? [] : ['headPersonId' as const])],
        entries: [
          changeEntry(actor, {
            action: 'agency.updated',
            agencyIds: [agencyId],
            targetType: 'agency',
            targetId: agencyId,
            personId: next.headPersonId ?? agency.headPersonId,
            ...changed,
          }),
        ],
        ...(changed.changes.includes('name') ? { affectsAgency: agencyId } : {}),
      };
      return change;
    },
    { expectedVersion: cmd.version },
  );
  return agencySummary(doc);
}

async function refuseCycle(ctx: DirectoryContext, agencyId: string, parentId: string): Promise<void> {
  const seen = new Set<string>([agencyId]);
  for (let id: string | undefined = parentId; id;) {
    if (seen.has(id)) throw new InputError({ code: 'AGENCY_CYCLE', detail: '上級機關不可為本機關或其下級機關' });
    seen.add(id);
    const parent: Pick<Agency, 'parentId'> | null = await ctx.models.Agency.findById(id, { parentId: 1 }).lean();
    if (!parent) throw new InputError({ code: 'PARENT_AGENCY_NOT_FOUND', detail: '查無上級機關' });
    id = parent.parentId;
  }
}
