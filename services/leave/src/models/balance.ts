import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { outboxSchemaFields } from '@webitr/platform';
import type { OutboxFields } from '@webitr/platform';
import type { BalanceState } from '../domain/balance.ts';

/**
 * One ledger: a person's balance of one leave type (or pool) in one period.
 * `_id` = `<personId>|<ledger>|<period>`, so allocation is create-once and
 * every change is one update conditional on `version` — two requests racing
 * for the last hours cannot both win.
 */
export interface BalanceDoc extends BalanceState, OutboxFields {
  _id: string;
  personId: string;
  agencyId: string;
  ledger: string;
  period: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const balanceSchema = new Schema<BalanceDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    agencyId: { type: String, required: true },
    ledger: { type: String, required: true },
    period: { type: String, required: true },
    unit: { type: String, required: true },
    granted: { type: Number, required: true },
    entries: { type: Schema.Types.Mixed, default: [] },
    reserved: { type: Schema.Types.Mixed, default: {} },
    consumed: { type: Schema.Types.Mixed, default: {} },
    grants: { type: Schema.Types.Mixed },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'balances', versionKey: false, minimize: false },
);

// A person's balances (the apply screen, 差勤資料查詢): { personId } (and period).
balanceSchema.index({ personId: 1, period: 1 });

export const balanceId = (personId: string, ledger: string, period: string): string => `${personId}|${ledger}|${period}`;

export const balanceModel = (connection: Connection): Model<BalanceDoc> =>
  (connection.models.Balance as Model<BalanceDoc> | undefined) ?? connection.model<BalanceDoc>('Balance', balanceSchema);
