import { z } from 'zod';
import { ForbiddenError } from '@webitr/platform';
import type { QueryFilter } from 'mongoose';
import type { DirectoryContext } from '../../context.ts';
import { CHANGE_ACTIONS } from '../../models/change-log.ts';
import type { ChangeLogEntry } from '../../models/change-log.ts';
import type { Person } from '../../models/person.ts';
import { compact } from '../../audit/entries.ts';
import { authorize, isSystemAdmin } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { calendarDateSchema, pageQuery } from '../shared/fields.ts';
import { personNotFound } from '../shared/person-writer.ts';

/**
 * 帳號異動記錄: by person (their whole history, across transfers), by actor, by
 * period (calendar days in Asia/Taipei, inclusive), by action; newest first.
 */
export const query = z.object({
  personId: z.string().min(1).optional().meta({ title: '人員' }),
  actorId: z.string().min(1).optional().meta({ title: '異動者' }),
  action: z.enum(CHANGE_ACTIONS).optional().meta({ title: '異動類別' }),
  from: calendarDateSchema.optional().meta({ title: '起日' }),
  to: calendarDateSchema.optional().meta({ title: '迄日' }),
  ...pageQuery,
});
export type ChangeLogQuery = z.infer<typeof query>;

export const changeLogItemSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    actor: z.object({ kind: z.string(), id: z.string(), name: z.string().optional() }),
    ip: z.string().optional(),
    zone: z.string().optional(),
    requestId: z.string().optional(),
    agencyIds: z.array(z.string()),
    personId: z.string().optional(),
    personName: z.string().optional(),
    targetType: z.string(),
    targetId: z.string(),
    changes: z.array(z.string()),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'ChangeLogEntry' });
export type ChangeLogItem = z.infer<typeof changeLogItemSchema>;

export const result = z
  .object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(changeLogItemSchema) })
  .meta({ id: 'ChangeLogPage' });
type Result = z.infer<typeof result>;

/** One agency's log (entries about it, including transfers in and out). */
export async function forAgency(ctx: DirectoryContext, actor: Actor, agencyId: string, q: ChangeLogQuery): Promise<Result> {
  authorize(actor, 'view-change-log', agencyId);
  return run(ctx, { ...filterOf(q), agencyIds: agencyId }, q);
}

/** One person's whole history, for the administrators of the agency the person is in now. */
export async function forPerson(ctx: DirectoryContext, actor: Actor, personId: string, q: ChangeLogQuery): Promise<Result> {
  const person = await ctx.models.Person.findById(personId, { agencyId: 1 }).lean<Pick<Person, '_id' | 'agencyId'>>();
  if (!person) throw personNotFound();
  authorize(actor, 'view-change-log', person.agencyId);
  return run(ctx, { ...filterOf(q), personId }, q);
}

/** Every agency (system administrators). */
export async function forSystem(ctx: DirectoryContext, actor: Actor, q: ChangeLogQuery): Promise<Result> {
  if (!isSystemAdmin(actor)) throw new ForbiddenError({ code: 'ROLE_REQUIRED', detail: '跨機關的異動記錄限系統管理者查詢' });
  return run(ctx, filterOf(q), q);
}

const TAIPEI_MIDNIGHT = (day: string) => new Date(`${day}T00:00:00+08:00`);

function filterOf(q: ChangeLogQuery): QueryFilter<ChangeLogEntry> {
  const filter: QueryFilter<ChangeLogEntry> = {};
  if (q.personId) filter.personId = q.personId;
  if (q.actorId) filter.actorId = q.actorId;
  if (q.action) filter.action = q.action;
  if (q.from || q.to) {
    filter.at = {
      ...(q.from ? { $gte: TAIPEI_MIDNIGHT(q.from) } : {}),
      ...(q.to ? { $lt: new Date(TAIPEI_MIDNIGHT(q.to).getTime() + 86_400_000) } : {}),
    };
  }
  return filter;
}

async function run(ctx: DirectoryContext, filter: QueryFilter<ChangeLogEntry>, q: ChangeLogQuery): Promise<Result> {
  const { ChangeLog, Person } = ctx.models;
  const [total, entries] = await Promise.all([
    ChangeLog.countDocuments(filter),
    ChangeLog.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<ChangeLogEntry[]>(),
  ]);
  const ids = [...new Set(entries.flatMap((e) => [e.actorId, e.personId]).filter((id): id is string => Boolean(id)))];
  const names = new Map((await Person.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((p) => [p._id, p.name]));
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: entries.map((e) =>
      compact({
        id: e._id,
        at: new Date(e.at).toISOString(),
        action: e.action,
        actor: compact({ kind: e.actorKind, id: e.actorId, name: names.get(e.actorId) }),
        ip: e.ip ?? undefined,
        zone: e.zone ?? undefined,
        requestId: e.requestId ?? undefined,
        agencyIds: e.agencyIds,
        personId: e.personId ?? undefined,
        personName: e.personId ? names.get(e.personId) : undefined,
        targetType: e.targetType,
        targetId: e.targetId,
        changes: e.changes ?? [],
        before: e.before ?? undefined,
        after: e.after ?? undefined,
        note: e.note ?? undefined,
      }),
    ),
  };
}
