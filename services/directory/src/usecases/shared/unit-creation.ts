import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createUnitBody } from '@webitr/contracts';
import { ConflictError, isDuplicateKeyError, outboxOnCreate } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import type { Unit } from '../../models/unit.ts';
import { changeEntry, compact } from '../../audit/entries.ts';
import { journalOnCreate } from '../../audit/journal.ts';
import { personChanged, unitChanged } from '../../messaging/publishers.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { forgetAgency } from './cache.ts';
import { afterWrite } from './person-writer.ts';
import { loadAgency } from './agencies.ts';
import { requireHeadIn, requireUnitIn, unitView } from './units.ts';
import type { UnitView } from './units.ts';

/** 新增單位: a unit of the agency's tree, optionally under another and with a head (單位主管). */
export const newUnitSchema = createUnitBody;
export type CreateUnitCommand = z.infer<typeof newUnitSchema>;

export async function createUnit(
  ctx: DirectoryContext,
  actor: Actor,
  agencyId: string,
  cmd: CreateUnitCommand,
  note?: string,
): Promise<UnitView> {
  authorize(actor, 'manage-units', agencyId);
  await loadAgency(ctx, agencyId);
  if (cmd.parentId) await requireUnitIn(ctx, agencyId, cmd.parentId, 'body.parentId');
  if (cmd.headPersonId) await requireHeadIn(ctx, agencyId, cmd.headPersonId);
  const now = ctx.clock();
  const unit: Unit = compact({
    _id: randomUUID(),
    agencyId,
    name: cmd.name,
    parentId: cmd.parentId,
    headPersonId: cmd.headPersonId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  const events = [
    unitChanged(unit._id, agencyId, ['created']),
    ...(unit.headPersonId ? [personChanged(unit.headPersonId, agencyId, ['roles'])] : []),
  ];
  const entry = changeEntry(actor, {
    action: 'unit.created',
    agencyIds: [agencyId],
    targetType: 'unit',
    targetId: unit._id,
    personId: unit.headPersonId,
    changes: ['name', 'parentId', 'headPersonId'].filter((k) => unit[k as keyof Unit] !== undefined),
    after: compact({ name: unit.name, parentId: unit.parentId, headPersonId: unit.headPersonId }),
    note,
  });
  try {
    await ctx.models.Unit.create({ ...unit, ...outboxOnCreate(events), ...journalOnCreate([entry]) });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ConflictError({ code: 'UNIT_EXISTS', detail: '本機關已有同名單位' });
    throw error;
  }
  await afterWrite(ctx, ctx.models.Unit, unit._id, true);
  if (unit.headPersonId) await forgetAgency(ctx, agencyId);
  return unitView(ctx, unit);
}
