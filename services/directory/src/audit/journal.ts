import { Schema } from 'mongoose';
import type { Model, UpdateQuery } from 'mongoose';
import type { Logger } from '@webitr/platform';
import type { ChangeLogEntry, ChangeLogModel } from '../models/change-log.ts';

/**
 * The change log without transactions, like the outbox: a change writes its
 * log entries into the changed document (`journal.<entryId>`) in the same
 * single-document write, so a change can never be stored without its entry.
 * The journal then copies each entry into `change_log` (idempotent: the entry
 * id is the `_id`) and removes it from the document. A crash in between leaves
 * the entry in the document, where the next poll finds it.
 */
export interface JournalFields {
  journal?: Record<string, ChangeLogEntry>;
  journalCount?: number;
}

/** Add to every model whose changes are logged. Query served: `{ journalCount: { $gt: 0 } }` by the poll. */
export const journalSchemaFields = {
  journal: { type: Schema.Types.Mixed },
  journalCount: { type: Number, default: 0, index: true },
};

export function journalOnCreate(entries: readonly ChangeLogEntry[]): Required<JournalFields> {
  return { journal: Object.fromEntries(entries.map((e) => [e._id, e])), journalCount: entries.length };
}

export function withJournal<T>(update: UpdateQuery<T>, entries: readonly ChangeLogEntry[]): UpdateQuery<T> {
  if (entries.length === 0) return update;
  const set = Object.fromEntries(entries.map((e) => [`journal.${e._id}`, e]));
  const inc = { ...(update.$inc as object | undefined), journalCount: entries.length };
  return { ...update, $set: { ...(update.$set as object | undefined), ...set }, $inc: inc } as UpdateQuery<T>;
}

interface Journaled extends JournalFields {
  _id: string;
  version: number;
}

export class ChangeJournal {
  readonly #log: ChangeLogModel;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model whose schema has the journal fields
  readonly #models: readonly Model<any>[];
  readonly #logger: Logger;
  #polling: Promise<void> | undefined;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(options: { log: ChangeLogModel; models: readonly Model<any>[]; logger: Logger }) {
    this.#log = options.log;
    this.#models = options.models;
    this.#logger = options.logger.child({ module: 'journal' });
  }

  /** Append an entry that belongs to no document change (an audited view): written before the view is answered. */
  async append(entry: ChangeLogEntry): Promise<void> {
    await this.#log.create(entry);
  }

  /** Copy one document's pending entries into the log now (called right after the write). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async flush(model: Model<any>, id: string): Promise<void> {
    const doc = await model.findById(id, { journal: 1, journalCount: 1, version: 1 }).lean<Journaled>();
    if (doc) await this.#copy(model, [doc]);
  }

  /** flush() for many documents at once (the CSV import): one read, one copy, one removal. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async flushMany(model: Model<any>, ids: readonly string[]): Promise<void> {
    const docs = await model
      .find({ _id: { $in: [...ids] }, journalCount: { $gt: 0 } }, { journal: 1, journalCount: 1, version: 1 })
      .lean<Journaled[]>();
    await this.#copy(model, docs);
  }

  /** Safety net (a job of the service, run every 2 s and once at shutdown): find documents with entries left behind and copy them. */
  poll(): Promise<void> {
    this.#polling ??= (async () => {
      for (const model of this.#models) {
        const pending = await model
          .find({ journalCount: { $gt: 0 } }, { journal: 1, journalCount: 1, version: 1 })
          .limit(100)
          .lean<Journaled[]>();
        await this.#copy(model, pending);
      }
    })()
      .catch((err: unknown) => this.#logger.warn({ err }, 'journal poll failed; will retry'))
      .finally(() => {
        this.#polling = undefined;
      });
    return this.#polling;
  }

  /**
   * Copy the entries (a duplicate is one copied before), then empty each
   * document's journal, conditional on the version and the count read with
   * it: entries are only added by writes that bump the version and only
   * removed by a copy that lowers the count, so an unchanged pair means the
   * journal is still exactly what was copied. If a document moved on, its
   * next flush (or the poll) copies and removes what is there then.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async #copy(model: Model<any>, docs: readonly Journaled[]): Promise<void> {
    const pending = docs.filter((doc) => Object.keys(doc.journal ?? {}).length > 0);
    if (pending.length === 0) return;
    try {
      await this.#log.insertMany(
        pending.flatMap((doc) => Object.values(doc.journal ?? {}).map((entry) => ({ ...entry, at: new Date(entry.at) }))),
        { ordered: false },
      );
    } catch (error) {
      // A duplicate is an entry copied before (by another flush or the poll); anything else is a failure.
      const writeErrors = (error as { writeErrors?: { code?: unknown }[] }).writeErrors ?? [error];
      if (!writeErrors.every((e) => (e as { code?: unknown }).code === 11000)) throw error;
    }
    // One multi-document write per (version, count) read: for a fresh import that is one write, not one per person.
    const groups = Map.groupBy(pending, (doc) => `${doc.version}:${doc.journalCount}`);
    for (const docs of groups.values()) {
      const { version, journalCount } = docs[0]!;
      await model.updateMany(
        { _id: { $in: docs.map((d) => d._id) }, version, journalCount },
        { $unset: { journal: '' }, $set: { journalCount: 0 } },
      );
    }
  }
}
