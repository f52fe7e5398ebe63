import { CHANGE_ACTIONS } from '@webitr/contracts';
import type { ChangeAction } from '@webitr/contracts';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * 帳號異動記錄: the append-only change log. One entry per change to a person, a
 * role, an entitlement, a unit or an agency's defaults, and per audited view of
 * a full national ID number: who did it, when, from which address and network
 * zone, and the fields before and after (national IDs masked, never in full).
 *
 * Entries reach this collection through the change journal (audit/journal.ts):
 * each change writes its entries into the changed document in the same write,
 * and the journal copies them here, so no change is ever without its entry.
 */
export { CHANGE_ACTIONS };
export type { ChangeAction };

export type TargetType = 'person' | 'unit' | 'agency';

export interface ChangeLogEntry {
  _id: string;
  at: Date;
  action: ChangeAction;
  actorKind: 'person' | 'service' | 'system';
  actorId: string;
  /** Client address and network zone, as the gateway asserted them. */
  ip?: string;
  zone?: string;
  requestId?: string;
  correlationId?: string;
  /** The agencies whose log shows this entry (both, for a transfer). */
  agencyIds: string[];
  personId?: string;
  targetType: TargetType;
  targetId: string;
  /** Names of the fields that changed. */
  changes: string[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** How the change came: `csv-import:<file>`, `demo-seed`, a reason given by the administrator. */
  note?: string;
}

const changeLogSchema = new Schema<ChangeLogEntry>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true, enum: CHANGE_ACTIONS },
    actorKind: { type: String, required: true, enum: ['person', 'service', 'system'] },
    actorId: { type: String, required: true },
    ip: String,
    zone: String,
    requestId: String,
    correlationId: String,
    agencyIds: { type: [String], required: true },
    personId: String,
    targetType: { type: String, required: true, enum: ['person', 'unit', 'agency'] },
    targetId: { type: String, required: true },
    changes: { type: [String], default: [] },
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
    note: String,
  },
  { collection: 'change_log', versionKey: false },
);

// Query: one person's history, newest first (GET /people/:id/change-log).
changeLogSchema.index({ personId: 1, at: -1 });
// Query: what one administrator did, newest first (?actorId=).
changeLogSchema.index({ actorId: 1, at: -1 });
// Query: an agency's log over a period (GET /agencies/:id/change-log?from=&to=).
changeLogSchema.index({ agencyIds: 1, at: -1 });
// Query: every agency over a period (system administrators, GET /change-log).
changeLogSchema.index({ at: -1 });

// Append-only: nothing in this service updates or deletes an entry.
const refuse = () => {
  throw new Error('the change log is append-only');
};
for (const op of [
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
] as const) {
  changeLogSchema.pre(op, refuse);
}

export type ChangeLogModel = Model<ChangeLogEntry>;

export const changeLogModel = (connection: Connection): ChangeLogModel =>
  (connection.models.ChangeLogEntry as ChangeLogModel | undefined) ?? connection.model<ChangeLogEntry>('ChangeLogEntry', changeLogSchema);
