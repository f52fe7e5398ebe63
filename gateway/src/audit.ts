import { randomUUID } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { currentContext, METRIC } from '@webitr/platform';
import type { Logger, Metrics } from '@webitr/platform';

export type AuditType = 'sign-in' | 'sign-in-refused' | 'sign-out' | 'sessions-ended' | 'refused' | 'admin-action';

/**
 * One line of the gateway's audit log: who did what, when, from which address
 * and network zone, and — for refusals — the problem code given.
 * Queries served: by person and time (a person's history), by type and time.
 */
export interface AuditEntry {
  _id: string;
  at: Date;
  type: AuditType;
  /** The person acting, when known; a portal account when the directory does not know it. */
  personId?: string;
  portal?: string;
  address: string;
  zone: string;
  method?: string;
  path?: string;
  /** Problem code of a refusal, or what an administrative action did. */
  reason?: string;
  /** The person an administrative action was about. */
  targetPersonId?: string;
  detail?: Record<string, unknown>;
  requestId?: string;
  correlationId?: string;
}

const appendOnly = () => {
  throw new Error('the audit log is append-only');
};

const auditSchema = new Schema<AuditEntry>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    type: { type: String, required: true },
    personId: String,
    portal: String,
    address: { type: String, required: true },
    zone: { type: String, required: true },
    method: String,
    path: String,
    reason: String,
    targetPersonId: String,
    detail: Schema.Types.Mixed,
    requestId: String,
    correlationId: String,
  },
  { collection: 'audit_log', versionKey: false, strict: 'throw' },
);
auditSchema.index({ personId: 1, at: -1 });
auditSchema.index({ type: 1, at: -1 });
// Nothing in this code base updates or deletes an entry; the model refuses to.
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
  'findOneAndReplace',
] as const) {
  auditSchema.pre(op, appendOnly);
}
auditSchema.pre('save', function () {
  if (!this.isNew) appendOnly();
});

export type AuditInput = Omit<AuditEntry, '_id' | 'at' | 'requestId' | 'correlationId'>;

export class AuditLog {
  readonly model: Model<AuditEntry>;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #signIns;
  readonly #refusals;

  constructor(connection: Connection, logger: Logger, now: () => number = Date.now, metrics?: Metrics) {
    this.model = (connection.models.AuditEntry as Model<AuditEntry> | undefined) ?? connection.model<AuditEntry>('AuditEntry', auditSchema);
    this.#logger = logger.child({ module: 'audit' });
    this.#now = now;
    this.#signIns = metrics?.counter(METRIC.gatewaySignIns, 'Sign-ins completed, by portal', ['portal']);
    // The reason is the problem code given (a fixed set): NETWORK_ZONE_REQUIRED, APP_NOT_GRANTED, RATE_LIMITED, …
    this.#refusals = metrics?.counter(METRIC.gatewayRefusals, 'Sign-ins and requests refused, by kind and problem code', [
      'kind',
      'reason',
    ]);
  }

  /**
   * Append an entry. A failed write must not turn a refusal into a 500, so it
   * is logged in full (the log is the fallback record) and not thrown.
   */
  async record(entry: AuditInput): Promise<void> {
    // Counted from the same records the audit log keeps, so the two agree.
    if (entry.type === 'sign-in') this.#signIns?.inc({ portal: entry.portal ?? 'unknown' });
    else if (entry.type === 'sign-in-refused' || entry.type === 'refused')
      this.#refusals?.inc({ kind: entry.type, reason: entry.reason ?? 'unknown' });
    const context = currentContext();
    const doc = {
      _id: randomUUID(),
      at: new Date(this.#now()),
      ...entry,
      requestId: context?.requestId,
      correlationId: context?.correlationId,
    };
    try {
      await this.model.create(doc);
    } catch (err) {
      this.#logger.error({ err, audit: doc }, 'audit write failed');
    }
  }

  /** Newest first. */
  find(filter: { personId?: string; type?: AuditType; since?: Date; limit?: number }): Promise<AuditEntry[]> {
    const query: Record<string, unknown> = {};
    if (filter.personId) query.$or = [{ personId: filter.personId }, { targetPersonId: filter.personId }];
    if (filter.type) query.type = filter.type;
    if (filter.since) query.at = { $gte: filter.since };
    return this.model
      .find(query)
      .sort({ at: -1 })
      .limit(filter.limit ?? 100)
      .lean<AuditEntry[]>()
      .exec();
  }
}
