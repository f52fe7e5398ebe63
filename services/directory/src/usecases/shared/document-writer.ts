import { ConflictError, updateWithVersion } from '@webitr/platform';
import type { EventEnvelope } from '@webitr/contracts';
import type { Model, UpdateQuery } from 'mongoose';
import type { DirectoryContext } from '../../context.ts';
import { withJournal } from '../../audit/journal.ts';
import type { ChangeLogEntry } from '../../models/change-log.ts';
import { forgetAgency } from './cache.ts';
import { afterWrite, versionConflict } from './person-writer.ts';

/**
 * changePerson's sibling for units and agencies: read, decide, write the change
 * with its events and log entries in one version-checked single-document write.
 */
export interface DocumentChange<T> {
  set?: Partial<T>;
  unset?: (keyof T & string)[];
  events?: EventEnvelope[];
  entries?: ChangeLogEntry[];
  /** People whose cached summaries or chains this change makes stale. */
  affectsPeople?: string[];
  /** Every person of this agency is affected (a unit's head or parent changed). */
  affectsAgency?: string;
}

export async function changeDocument<T extends { _id: string; version: number; updatedAt: Date }>(
  ctx: DirectoryContext,
  model: Model<T>,
  id: string,
  notFound: () => Error,
  decide: (doc: T) => DocumentChange<T> | undefined | Promise<DocumentChange<T> | undefined>,
  options: { expectedVersion?: number } = {},
): Promise<{ doc: T; changed: boolean }> {
  const { expectedVersion } = options;
  const written = await updateWithVersion(
    model,
    id,
    async (doc) => {
      const change = await decide(doc);
      if (!change) return undefined;
      const { set = {}, unset = [], events = [], entries = [] } = change;
      const next = { ...doc, ...set, updatedAt: ctx.clock(), version: doc.version + 1 } as T;
      for (const field of unset) delete next[field];
      const update = {
        $set: { ...set, updatedAt: next.updatedAt },
        ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) } : {}),
      } as UpdateQuery<T>;
      return { update: withJournal(update, entries), events, next, change };
    },
    {
      attempts: 5,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      notFound,
      conflict: () =>
        expectedVersion !== undefined
          ? versionConflict()
          : new ConflictError({ code: 'CONCURRENT_UPDATE', detail: '資料正被同時修改，請稍後再試' }),
    },
  );
  if (!written.change) return { doc: written.doc, changed: false };
  const { next, change } = written.change;
  await afterWrite(ctx, model, id, (change.events ?? []).length > 0, change.affectsPeople ?? []);
  if (change.affectsAgency) await forgetAgency(ctx, change.affectsAgency);
  return { doc: next, changed: true };
}
