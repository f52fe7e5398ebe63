import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * Claims on identifiers that must belong to one person at most: a national ID
 * (its keyed hash, never the number), an official e-mail address, a portal
 * identity (issuer + subject), a punch card number in an agency. Unique indexes
 * on optional or array fields behave differently on FerretDB and MongoDB
 * (missing values, elements of arrays), and FerretDB reports a duplicate made by
 * an update as an internal error, so each identifier is claimed as the `_id` of
 * its own document, which is unique everywhere.
 * The person document stays the source of truth; a claim whose person no longer
 * holds the identifier (a crash between claim and write) is taken over.
 */
export interface PersonKey {
  /** `national-id:<keyed hash>`, `email:<address>`, `subject:<issuer> <subject>`, `card:<agencyId>:<number>` */
  _id: string;
  personId: string;
  claimedAt: Date;
}

const personKeySchema = new Schema<PersonKey>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'person_keys', versionKey: false },
);

export type PersonKeyModel = Model<PersonKey>;
export const personKeyModel = (connection: Connection): PersonKeyModel =>
  (connection.models.PersonKey as PersonKeyModel | undefined) ?? connection.model<PersonKey>('PersonKey', personKeySchema);
