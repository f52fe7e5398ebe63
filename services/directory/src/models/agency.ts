import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { AgencyLevel } from '@webitr/contracts';
import { journalSchemaFields } from '../audit/journal.ts';
import type { JournalFields } from '../audit/journal.ts';

/** 機關: a bureau, an agency, a district office or a school, in a hierarchy. */
export interface Agency extends JournalFields {
  /** Stable code, e.g. `KH-GUANGHUA-ES`. */
  _id: string;
  name: string;
  level: AgencyLevel;
  parentId?: string;
  /** 機關預設可用系統: granted to each person who joins the agency. */
  defaultApps: string[];
  /** 機關首長: the person at the head of the agency. */
  headPersonId?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const agencySchema = new Schema<Agency>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true, enum: ['first-level', 'second-level', 'district-office', 'school'] },
    parentId: String,
    defaultApps: { type: [String], default: [] },
    headPersonId: String,
    version: { type: Number, required: true, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...journalSchemaFields,
  },
  { collection: 'agencies', versionKey: false },
);

// Query: the agencies under one (the hierarchy, GET /agencies?parentId=).
agencySchema.index({ parentId: 1 });

export type AgencyModel = Model<Agency>;
export const agencyModel = (connection: Connection): AgencyModel =>
  (connection.models.Agency as AgencyModel | undefined) ?? connection.model<Agency>('Agency', agencySchema);
