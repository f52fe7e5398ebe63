import { randomUUID } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { REFUSED_AUDIT_TYPES } from '@webitr/contracts';
import type { AuditQuery, AuditType } from '@webitr/contracts';
import { currentContext, METRIC } from '@webitr/platform';
import type { Logger, Metrics } from '@webitr/platform';

export type { AuditType } from '@webitr/contracts';

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

  /**
   * 稽核紀錄 as system administrators page through it, newest first: who (the
   * person acting or acted on), what, outcome, Taipei days (inclusive).
   */
  async search(query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
    const and: Record<string, unknown>[] = [];
    if (query.personId) and.push({ $or: [{ personId: query.personId }, { targetPersonId: query.personId }] });
    if (query.type) and.push({ type: query.type });
    if (query.outcome) and.push({ type: query.outcome === 'refused' ? { $in: REFUSED_AUDIT_TYPES } : { $nin: REFUSED_AUDIT_TYPES } });
    if (query.from || query.to)
      and.push({
        at: {
          ...(query.from ? { $gte: taipeiMidnight(query.from) } : {}),
          ...(query.to ? { $lt: new Date(taipeiMidnight(query.to).getTime() + DAY_MS) } : {}),
        },
      });
    const filter = and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
    const [entries, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<AuditEntry[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { entries, total };
  }
}

const DAY_MS = 86_400_000;
/** The start of a calendar day in Asia/Taipei (UTC+8 all year: no daylight saving). */
const taipeiMidnight = (date: string): Date => new Date(`${date}T00:00:00+08:00`);
