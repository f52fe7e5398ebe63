import { z } from 'zod';
import { ConflictError, InputError, isDuplicateKeyError } from '@webitr/platform';
import { agencyLevelSchema, agencySummarySchema } from '@webitr/contracts';
import type { AgencySummary } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import type { Agency } from '../../models/agency.ts';
import { changeEntry, compact } from '../../audit/entries.ts';
import { journalOnCreate } from '../../audit/journal.ts';
import { authorize } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { appsSchema } from './fields.ts';
import { afterWrite } from './person-writer.ts';
import { agencySummary } from './agencies.ts';

/** 新增機關 (system administrators). */
export const agencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, '機關代碼應為 2 至 40 個大寫英數字或 -')
  .meta({ title: '機關代碼' });

export const newAgencySchema = z.object({
  id: agencyCodeSchema,
  name: z.string().trim().min(1).max(60).meta({ title: '機關名稱' }),
  level: agencyLevelSchema.meta({ title: '機關層級' }),
  parentId: z.string().min(1).optional().meta({ title: '上級機關' }),
  defaultApps: appsSchema.default([]).meta({ title: '機關預設可用系統' }),
});
export type CreateAgencyCommand = z.infer<typeof newAgencySchema>;
export const result = agencySummarySchema;

export async function createAgency(ctx: DirectoryContext, actor: Actor, cmd: CreateAgencyCommand, note?: string): Promise<AgencySummary> {
  authorize(actor, 'manage-agencies', cmd.id);
  if (cmd.parentId && !(await ctx.models.Agency.exists({ _id: cmd.parentId }))) {
    throw new InputError({
      code: 'PARENT_AGENCY_NOT_FOUND',
      detail: '查無上級機關',
      fields: [{ field: 'body.parentId', label: '上級機關', code: 'not_found', message: '查無此機關' }],
    });
  }
  const now = ctx.clock();
  const agency: Agency = compact({
    _id: cmd.id,
    name: cmd.name,
    level: cmd.level,
    parentId: cmd.parentId,
    defaultApps: [...new Set(cmd.defaultApps)],
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  const entry = changeEntry(actor, {
    action: 'agency.created',
    agencyIds: [agency._id],
    targetType: 'agency',
    targetId: agency._id,
    changes: ['name', 'level', 'parentId', 'defaultApps'],
    after: compact({ name: agency.name, level: agency.level, parentId: agency.parentId, defaultApps: agency.defaultApps }),
    note,
  });
  try {
    await ctx.models.Agency.create({ ...agency, ...journalOnCreate([entry]) });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ConflictError({ code: 'AGENCY_EXISTS', detail: '此機關代碼已存在' });
    throw error;
  }
  await afterWrite(ctx, ctx.models.Agency, agency._id, false);
  return agencySummary(agency);
}
