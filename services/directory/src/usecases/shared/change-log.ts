import { changeLogItemSchema, changeLogPageSchema, changeLogQuery } from '@webitr/contracts';
import type { ChangeLogItem, ChangeLogPage, ChangeLogQuery } from '@webitr/contracts';
import { addDays, taipeiInstant } from '@webitr/work-calendar';
import type { QueryFilter } from 'mongoose';
import type { DirectoryContext } from '../../context.ts';
import type { ChangeLogEntry } from '../../models/change-log.ts';
import { compact } from '../../audit/entries.ts';

/**
 * 帳號異動記錄: by person (their whole history, across transfers), by actor, by
 * period (calendar days in Asia/Taipei, inclusive), by action; newest first.
 */
export { changeLogQuery, changeLogItemSchema, changeLogPageSchema };
export type { ChangeLogQuery, ChangeLogItem, ChangeLogPage };

/** A page of the log: the filters of the query within `scope` (an agency, a person, or none), newest first. */
export function readChangeLog(ctx: DirectoryContext, scope: QueryFilter<ChangeLogEntry>, q: ChangeLogQuery): Promise<ChangeLogPage> {
  return run(ctx, { ...filterOf(q), ...scope }, q);
}

function filterOf(q: ChangeLogQuery): QueryFilter<ChangeLogEntry> {
  const filter: QueryFilter<ChangeLogEntry> = {};
  if (q.personId) filter.personId = q.personId;
  if (q.actorId) filter.actorId = q.actorId;
  if (q.action) filter.action = q.action;
  if (q.from || q.to) {
    filter.at = {
      ...(q.from ? { $gte: taipeiInstant(q.from, '00:00') } : {}),
      ...(q.to ? { $lt: taipeiInstant(addDays(q.to, 1), '00:00') } : {}),
    };
  }
  return filter;
}

async function run(ctx: DirectoryContext, filter: QueryFilter<ChangeLogEntry>, q: ChangeLogQuery): Promise<ChangeLogPage> {
  const { ChangeLog, Person } = ctx.models;
  const [total, entries] = await Promise.all([
    ChangeLog.countDocuments(filter),
    ChangeLog.find(filter)
      .sort({ at: -1, _id: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<ChangeLogEntry[]>(),
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
