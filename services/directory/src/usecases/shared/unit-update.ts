import { z } from 'zod';
import { updateUnitBody } from '@webitr/contracts';
import { InputError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Unit } from '../../models/unit.ts';
import { changeEntry, diff } from '../../audit/entries.ts';
import { personChanged, unitChanged } from '../../messaging/publishers.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changeDocument } from './document-writer.ts';
import { requireHeadIn, requireUnitIn, unitNotFound, unitView } from './units.ts';
import type { UnitView } from './units.ts';

/** Rename a unit, move it in the tree, or set or clear its head (null clears). */
export const unitChangeSchema = updateUnitBody;
export type UpdateUnitCommand = z.infer<typeof unitChangeSchema>;

export async function updateUnit(
  ctx: DirectoryContext,
  actor: Actor,
  unitId: string,
  cmd: UpdateUnitCommand,
  note?: string,
): Promise<UnitView> {
  const { Unit } = ctx.models;
  const { doc } = await changeDocument<Unit>(
    ctx,
    Unit,
    unitId,
    unitNotFound,
    async (unit) => {
      authorize(actor, 'manage-units', unit.agencyId);
      if (cmd.parentId) await refuseCycle(ctx, unit, cmd.parentId);
      if (cmd.headPersonId) await requireHeadIn(ctx, unit.agencyId, cmd.headPersonId);
      const pick = <K extends 'name' | 'parentId' | 'headPersonId'>(key: K) => (cmd[key] === null ? undefined : (cmd[key] ?? unit[key]));
      const next = { name: pick('name')!, parentId: pick('parentId'), headPersonId: pick('headPersonId') };
      const changed = diff({ name: unit.name, parentId: unit.parentId, headPersonId: unit.headPersonId }, next);
      if (changed.changes.length === 0) return undefined;
      const heads = changed.changes.includes('headPersonId')
        ? [unit.headPersonId, next.headPersonId].filter((id): id is string => Boolean(id))
        : [];
      return {
        set: {
          name: next.name,
          ...(next.parentId ? { parentId: next.parentId } : {}),
          ...(next.headPersonId ? { headPersonId: next.headPersonId } : {}),
        },
        unset: [...(next.parentId ? [] : ['parentId' as const]), ...(next.headPersonId ? [] : ['headPersonId' as const])],
        events: [unitChanged(unit._id, unit.agencyId, changed.changes), ...heads.map((id) => personChanged(id, unit.agencyId, ['roles']))],
        entries: [
          changeEntry(actor, {
            action: 'unit.updated',
            agencyIds: [unit.agencyId],
            targetType: 'unit',
            targetId: unit._id,
            personId: next.headPersonId ?? unit.headPersonId,
            note,
            ...changed,
          }),
        ],
        affectsAgency: unit.agencyId,
      };
    },
    { expectedVersion: cmd.version },
  );
  return unitView(ctx, doc);
}

async function refuseCycle(ctx: DirectoryContext, unit: Unit, parentId: string): Promise<void> {
  const seen = new Set<string>([unit._id]);
  for (let id: string | undefined = parentId; id;) {
    if (seen.has(id)) throw new InputError({ code: 'UNIT_CYCLE', detail: '上級單位不可為本單位或其下級單位' });
    seen.add(id);
    id = (await requireUnitIn(ctx, unit.agencyId, id, 'body.parentId')).parentId;
  }
}
