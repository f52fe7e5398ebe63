import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * 人事公告 (seed 11-1): an agency's announcement, shown on the 首頁 of its
 * people from `startDate` to `endDate` (Taipei days, inclusive) — to the whole
 * agency, or to the people of the units named (and of units below them).
 * Unit and poster names are kept as they were when it was posted, so the list
 * reads without asking the directory. Withdrawn ones are kept, marked.
 * Queries served: an agency's by start date (the manager's list, 首頁's current ones).
 */
export interface Announcement {
  _id: string;
  agencyId: string;
  title: string;
  body: string;
  startDate: string;
  endDate: string;
  /** Empty: the whole agency. */
  units: { id: string; name: string }[];
  postedBy: { id: string; name: string };
  postedAt: Date;
  withdrawnAt?: Date;
  withdrawnBy?: string;
}

const announcementSchema = new Schema<Announcement>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    units: { type: [{ _id: false, id: String, name: String }], default: [] },
    postedBy: { id: { type: String, required: true }, name: { type: String, required: true } },
    postedAt: { type: Date, required: true },
    withdrawnAt: Date,
    withdrawnBy: String,
  },
  { collection: 'announcements', versionKey: false },
);
announcementSchema.index({ agencyId: 1, startDate: -1 });

export function announcementModel(connection: Connection): Model<Announcement> {
  return connection.model<Announcement>('Announcement', announcementSchema);
}
