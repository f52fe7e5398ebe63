import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import { journalSchemaFields } from '../audit/journal.ts';
import type { JournalFields } from '../audit/journal.ts';

/**
 * 單位 (部門): a node of an agency's unit tree. The head (單位主管) holds the
 * unit-supervisor role, derived from here rather than granted.
 */
export interface Unit extends OutboxFields, JournalFields {
  _id: string;
  agencyId: string;
  name: string;
  /** The unit above; none for a top-level unit. */
  parentId?: string;
  headPersonId?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const unitSchema = new Schema<Unit>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    name: { type: String, required: true },
    parentId: String,
    headPersonId: String,
    version: { type: Number, required: true, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
    ...journalSchemaFields,
  },
  { collection: 'units', versionKey: false },
);

// Query: an agency's unit tree, and a unit by name (CSV import, demo seed). Names are unique within an agency.
unitSchema.index({ agencyId: 1, name: 1 }, { unique: true });
// Query: the units a person heads (the derived unit-supervisor role).
unitSchema.index({ headPersonId: 1 });

export type UnitModel = Model<Unit>;
export const unitModel = (connection: Connection): UnitModel =>
  (connection.models.Unit as UnitModel | undefined) ?? connection.model<Unit>('Unit', unitSchema);
