import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { GRANTED_ROLES } from '@webitr/contracts';
import type { EmploymentStatus, GrantedRole } from '@webitr/contracts';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import { journalSchemaFields } from '../audit/journal.ts';
import type { JournalFields } from '../audit/journal.ts';

/** Roles that are granted (employee is everyone's; unit-supervisor comes from the unit tree). */
export { GRANTED_ROLES };
export type { GrantedRole };

export interface PortalIdentity {
  issuer: string;
  subject: string;
}

/** One period of an employment status: 在職, 留職停薪, 離職. */
export interface EmploymentPeriod {
  status: EmploymentStatus;
  from: string;
  until?: string;
  reason?: string;
}

/** One period in one agency (機關員工轉移 closes one and opens the next). */
export interface Assignment {
  agencyId: string;
  unitId?: string;
  from: string;
  until?: string;
}

export interface Person extends OutboxFields, JournalFields {
  _id: string;
  agencyId: string;
  name: string;
  /** Official e-mail (公務信箱), lower-case. */
  email?: string;
  /** National ID: ciphertext, keyed hash, masked form (personal-data/cipher.ts). */
  nationalIdCipher: string;
  nationalIdHash: string;
  nationalIdMasked: string;
  identities: PortalIdentity[];
  /** `<issuer> <subject>` of each identity, for look-up. */
  identityKeys: string[];
  unitId?: string;
  title?: string;
  jobCategory: string;
  scheduleGroup?: string;
  /** 到職日期 YYYY-MM-DD. */
  serviceStartDate?: string;
  cardNumbers: string[];
  status: EmploymentStatus;
  statusSince: string;
  employment: EmploymentPeriod[];
  assignments: Assignment[];
  roles: { role: GrantedRole; agencyId: string }[];
  /** `<role>@<agencyId>` of each granted role, for look-up. */
  roleKeys: string[];
  /** 可用系統. */
  apps: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const personSchema = new Schema<Person>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    name: { type: String, required: true },
    email: String,
    nationalIdCipher: { type: String, required: true },
    nationalIdHash: { type: String, required: true },
    nationalIdMasked: { type: String, required: true },
    identities: {
      type: [{ _id: false, issuer: { type: String, required: true }, subject: { type: String, required: true } }],
      default: [],
    },
    identityKeys: { type: [String], default: [] },
    unitId: String,
    title: String,
    jobCategory: { type: String, required: true },
    scheduleGroup: String,
    serviceStartDate: String,
    cardNumbers: { type: [String], default: [] },
    status: { type: String, required: true, enum: ['active', 'leave-without-pay', 'separated'] },
    statusSince: { type: String, required: true },
    employment: {
      type: [
        { _id: false, status: { type: String, required: true }, from: { type: String, required: true }, until: String, reason: String },
      ],
      default: [],
    },
    assignments: {
      type: [
        { _id: false, agencyId: { type: String, required: true }, unitId: String, from: { type: String, required: true }, until: String },
      ],
      default: [],
    },
    roles: { type: [{ _id: false, role: { type: String, required: true }, agencyId: { type: String, required: true } }], default: [] },
    roleKeys: { type: [String], default: [] },
    apps: { type: [String], default: [] },
    version: { type: Number, required: true, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
    ...journalSchemaFields,
  },
  { collection: 'people', versionKey: false },
);

// Query: look-up by national ID (POST /internal/people/lookup, CSV import); one person per number (claimed in person_keys as well).
personSchema.index({ nationalIdHash: 1 }, { unique: true });
// Query: look-up by official e-mail (portal sign-in linked by e-mail). Uniqueness: person_keys.
personSchema.index({ email: 1 });
// Query: look-up by portal identity (sign-in linked by issuer + subject). Uniqueness: person_keys.
personSchema.index({ identityKeys: 1 });
// Query: card number to person within an agency (punch-card ingest). Uniqueness: person_keys.
personSchema.index({ agencyId: 1, cardNumbers: 1 });
// Query: search an agency's people, by status, sorted by name (the administration list, export).
personSchema.index({ agencyId: 1, status: 1, name: 1 });
// Query: the people of a unit (search by unit; invalidating caches when a unit changes).
personSchema.index({ agencyId: 1, unitId: 1 });
// Query: who holds a role in an agency (its attendance managers, its administrators).
personSchema.index({ roleKeys: 1 });

export type PersonModel = Model<Person>;
export const personModel = (connection: Connection): PersonModel =>
  (connection.models.Person as PersonModel | undefined) ?? connection.model<Person>('Person', personSchema);

export const roleKey = (role: string, agencyId: string): string => `${role}@${agencyId}`;
export const identityKey = (identity: PortalIdentity): string => `${identity.issuer} ${identity.subject}`;
