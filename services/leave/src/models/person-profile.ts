import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { DirectoryFacts } from '../domain/people.ts';
import type { RuleSetId } from '../domain/rules/types.ts';

/**
 * The leave service's cache of what the directory says about a person
 * (`source`), fed by reads through the directory and dropped by its
 * `directory.person.changed` events; plus what the personnel office keeps
 * here for attendance (`attendance`: schedule group, seniority date, sex for
 * sex-restricted types), which the directory does not hold (yet).
 */
export interface PersonProfileDoc {
  _id: string;
  source?: DirectoryFacts;
  fetchedAt?: Date;
  /** Set by a directory event: read through again before use. */
  stale?: boolean;
  lastEventId?: string;
  attendance?: {
    scheduleGroupId?: string;
    serviceStartDate?: string;
    sex?: 'F' | 'M';
    ruleSet?: RuleSetId;
    updatedBy: string;
    updatedAt: Date;
    reason: string;
  };
  /** Who may file forms for this person (多人/代為申請), besides attendance managers. */
  filers?: string[];
}

const personProfileSchema = new Schema<PersonProfileDoc>(
  {
    _id: { type: String, required: true },
    source: { type: Schema.Types.Mixed },
    fetchedAt: Date,
    stale: Boolean,
    lastEventId: String,
    attendance: { type: Schema.Types.Mixed },
    filers: { type: [String], default: undefined },
  },
  { collection: 'person_profiles', versionKey: false },
);

// The people of an agency (allocation runs, manager views): { 'source.agencyId' }.
personProfileSchema.index({ 'source.agencyId': 1 });

export const personProfileModel = (connection: Connection): Model<PersonProfileDoc> =>
  (connection.models.PersonProfile as Model<PersonProfileDoc> | undefined) ??
  connection.model<PersonProfileDoc>('PersonProfile', personProfileSchema);
