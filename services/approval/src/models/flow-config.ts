import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { CategoryGroup, Flow, FlowGroup } from '../domain/flow.ts';

/** A configured flow; `version` guards concurrent edits by attendance managers. */
export interface FlowDocument extends Flow {
  _id: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

const flowSchema = new Schema<FlowDocument>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    name: { type: String, required: true },
    flowGroupId: { type: String, required: true },
    categoryGroupId: { type: String, required: true },
    steps: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'flows', versionKey: false },
)
  // One flow per flow group and category group: the one a form follows.
  .index({ agencyId: 1, flowGroupId: 1, categoryGroupId: 1 }, { unique: true });

const flowGroupSchema = new Schema<FlowGroup & { _id: string }>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    agencyId: { type: String, required: true, index: true }, // the agency's groups, to pick one for an applicant
    name: { type: String, required: true },
    personIds: { type: [String], default: [] },
    unitIds: { type: [String], default: [] },
    jobCategories: { type: [String], default: [] },
    isDefault: { type: Boolean, default: false },
  },
  { collection: 'flow_groups', versionKey: false },
);

const categoryGroupSchema = new Schema<CategoryGroup & { _id: string }>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    agencyId: { type: String, required: true, index: true }, // the agency's groups, to pick one for a form
    name: { type: String, required: true },
    formKinds: { type: [String], required: true },
    leaveTypes: { type: [String], default: [] },
  },
  { collection: 'category_groups', versionKey: false },
);

export interface FlowModels {
  Flow: Model<FlowDocument>;
  FlowGroup: Model<FlowGroup & { _id: string }>;
  CategoryGroup: Model<CategoryGroup & { _id: string }>;
}

export function flowModels(connection: Connection): FlowModels {
  return {
    Flow: connection.model<FlowDocument>('Flow', flowSchema),
    FlowGroup: connection.model<FlowGroup & { _id: string }>('FlowGroup', flowGroupSchema),
    CategoryGroup: connection.model<CategoryGroup & { _id: string }>('CategoryGroup', categoryGroupSchema),
  };
}
