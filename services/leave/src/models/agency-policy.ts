import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import type { AgencySettings, RuleOverrides } from '../domain/policy.ts';

/**
 * An agency's leave policy: overrides of the rule sets and local settings.
 * Every change appends a revision (who, when, why, what) in the same
 * single-document update that changes it — the audit trail cannot miss one.
 */
export interface PolicyRevision {
  version: number;
  at: Date;
  actorId: string;
  reason: string;
  overrides: RuleOverrides;
  settings: AgencySettings;
}

export interface AgencyPolicyDoc extends OutboxFields {
  _id: string;
  version: number;
  overrides: RuleOverrides;
  settings: AgencySettings;
  revisions: PolicyRevision[];
  updatedAt: Date;
}

const agencyPolicySchema = new Schema<AgencyPolicyDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    overrides: { type: Schema.Types.Mixed, default: {} },
    settings: { type: Schema.Types.Mixed, required: true },
    revisions: { type: Schema.Types.Mixed, default: [] },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'agency_policies', versionKey: false, minimize: false },
);
// Queries: by _id (the agency) only.

export const agencyPolicyModel = (connection: Connection): Model<AgencyPolicyDoc> =>
  (connection.models.AgencyPolicy as Model<AgencyPolicyDoc> | undefined) ??
  connection.model<AgencyPolicyDoc>('AgencyPolicy', agencyPolicySchema);
