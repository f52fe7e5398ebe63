import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * What the directory says about a person that attendance needs (agency,
 * unit, schedule group 班別, name for the managers' lists), read through the
 * directory's internal API and dropped when `directory.person.changed` says so.
 */
export interface PersonDoc {
  _id: string;
  name: string;
  agencyId: string;
  unitId?: string;
  unitName?: string;
  scheduleGroup?: string;
  status: string;
  /** Since when the status holds, and 到職日 (YYYY-MM-DD): the days the person is in service (domain/in-service.ts). */
  statusSince?: string;
  serviceStartDate?: string;
  /** Ended 留職停薪 or 離職 (from, until the day service resumed). */
  pastOutOfService?: { from: string; until: string }[];
  fetchedAt: Date;
}

const personSchema = new Schema<PersonDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    agencyId: { type: String, required: true },
    unitId: String,
    unitName: String,
    scheduleGroup: String,
    status: { type: String, required: true },
    statusSince: String,
    serviceStartDate: String,
    pastOutOfService: { type: [{ _id: false, from: String, until: String }], default: undefined },
    fetchedAt: { type: Date, required: true },
  },
  { collection: 'people', versionKey: false },
);

// An agency's people at once, for a recompute of many days (MongoDB uses it; FerretDB scans).
personSchema.index({ agencyId: 1 });

export const personModel = (connection: Connection): Model<PersonDoc> =>
  (connection.models.Person as Model<PersonDoc> | undefined) ?? connection.model<PersonDoc>('Person', personSchema);
