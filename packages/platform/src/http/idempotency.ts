import { createHash, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import { AppError, ConflictError, InputError } from '../errors.ts';
import type { AppErrorOptions } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isDuplicateKeyError } from '../mongo.ts';
import { identityOf } from '../auth/middleware.ts';
import { inputErrorFrom } from '../validation.ts';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer given from the stored first result. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** What a client may send: printable ASCII, long enough to be unique (a UUID is 36), optionally quoted as a structured-field string. */
export const idempotencyKeySchema = z
  .string()
  .transform((value) => value.replace(/^"(.*)"$/, '$1'))
  .pipe(
    z
      .string()
      .min(8, { error: 'Idempotency-Key 至少 8 個字元' })
      .max(128, { error: 'Idempotency-Key 至多 128 個字元' })
      .regex(/^[\x21-\x7e]+$/, { error: 'Idempotency-Key 只能含可見的 ASCII 字元' }),
  )
  .meta({ title: 'Idempotency-Key' });

const headersSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema.optional() });

/** The key a request carries, if any; a malformed one is a 400 naming the header. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const result = headersSchema.safeParse({ [IDEMPOTENCY_KEY_HEADER]: req.headers[IDEMPOTENCY_KEY_HEADER] }, { reportInput: true });
  if (result.success) return result.data[IDEMPOTENCY_KEY_HEADER];
  const error = inputErrorFrom(result.error, headersSchema, 'headers');
  throw new InputError({ code: 'IDEMPOTENCY_KEY_INVALID', detail: error.detail, fields: error.fields });
}

/** 422: the key was used for a different request. */
export class IdempotencyKeyReusedError extends AppError {
  readonly status = 422;
  constructor(options: AppErrorOptions = {}) {
    super({ code: 'IDEMPOTENCY_KEY_REUSED', title: '此 Idempotency-Key 已用於另一個請求' }, options);
  }
}

/** The first result, as it was answered. */
export interface StoredResponse {
  status: number;
  /** The JSON text of the body; absent for an answer without one. */
  body?: string;
}

/**
 * One claim of (caller, operation, key). Its `_id` is a hash of the three, so
 * the unique `_id` — the one guarantee FerretDB and MongoDB share without
 * transactions — decides which of two concurrent requests does the work.
 * Query served: by _id on every keyed request; by createdAt for pruning.
 */
interface IdempotencyRecord {
  _id: string;
  caller: string;
  operationId: string;
  /** sha256 of method, URL and body bytes: the same key with another request is refused. */
  fingerprint: string;
  state: 'in-progress' | 'done';
  /** The owner of an in-progress claim; renewing and completing are conditional on it. */
  token?: string;
  /** An in-progress claim whose lease has passed belongs to a process that died: a retry takes it over. */
  leaseUntil?: Date;
  response?: StoredResponse;
  createdAt: Date;
}

const recordSchema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String, required: true },
    caller: { type: String, required: true },
    operationId: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true },
    token: String,
    leaseUntil: Date,
    response: { _id: false, status: Number, body: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
).index({ createdAt: 1 });

export interface IdempotencyOptions {
  /** How long an in-progress claim holds without renewal; renewed every third of it while the work runs. */
  leaseMs?: number;
  /** How long a finished claim answers retries. */
  retainMs?: number;
  logger: Logger;
  now?: () => Date;
}

type Claim = { kind: 'claimed'; id: string; token: string } | { kind: 'replay'; response: StoredResponse };

/**
 * Idempotency-Key for creating operations (`idempotent: true` in the operation
 * table): a retry with the same key answers the first result and writes
 * nothing new. The claim is taken before the work and holds the response
 * after it. A failed attempt removes its claim (the use cases leave no trace
 * of half-done work, so trying again is safe). A claim still in progress
 * answers 409 IDEMPOTENCY_KEY_IN_PROGRESS; one whose owner died (lease passed)
 * is taken over by the next retry. Keys are scoped by the verified caller and
 * the operation.
 */
export class IdempotencyStore {
  readonly #model: Model<IdempotencyRecord>;
  readonly #leaseMs: number;
  readonly #retainMs: number;
  readonly #logger: Logger;
  readonly #now: () => Date;

  constructor(connection: Connection, options: IdempotencyOptions) {
    this.#model =
      (connection.models.IdempotencyRecord as Model<IdempotencyRecord> | undefined) ??
      connection.model<IdempotencyRecord>('IdempotencyRecord', recordSchema);
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#retainMs = options.retainMs ?? 24 * 3_600_000;
    this.#logger = options.logger.child({ module: 'idempotency' });
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Run `work` once per (caller, operation, key): the first request runs it
   * and stores its answer; a retry gets the stored answer.
   */
  async run(
    req: Request,
    res: Response,
    operationId: string,
    key: string,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const identity = identityOf(res);
    const caller = `${identity.kind}:${identity.sub}`;
    const claim = await this.#claim(caller, operationId, key, fingerprintOf(req), res);
    if (claim.kind === 'replay') return { ...claim.response, replayed: true };
    const renew = setInterval(() => void this.#renew(claim.id, claim.token), this.#leaseMs / 3);
    renew.unref();
    let response: StoredResponse;
    try {
      response = await work();
    } catch (error) {
      clearInterval(renew);
      await this.#model
        .deleteOne({ _id: claim.id, token: claim.token })
        .catch((err: Error) => this.#logger.warn({ err: err.message }, 'could not release the claim of a failed request; its lease will'));
      throw error;
    }
    clearInterval(renew);
    try {
      const stored = await this.#model.updateOne(
        { _id: claim.id, token: claim.token },
        { $set: { state: 'done', response }, $unset: { token: '', leaseUntil: '' } },
      );
      if (stored.modifiedCount === 0)
        this.#logger.warn({ operationId }, 'an idempotency claim was taken over while its request still ran (its lease had passed)');
    } catch (err) {
      // The work is stored: its real answer goes out. A retry within the lease is told to wait; after it, the work runs again.
      this.#logger.error({ err, operationId }, 'could not store the answer of an idempotent request');
    }
    return { ...response, replayed: false };
  }

  /**
   * No TTL indexes on FerretDB, so claims past retention are pruned explicitly:
   * finished ones, and unfinished ones whose owner died (lease long over) and
   * that no retry took over.
   */
  async prune(): Promise<number> {
    const before = new Date(this.#now().getTime() - this.#retainMs);
    const finished = await this.#model.deleteMany({ state: 'done', createdAt: { $lt: before } });
    const abandoned = await this.#model.deleteMany({ state: 'in-progress', leaseUntil: { $lt: before } });
    return finished.deletedCount + abandoned.deletedCount;
  }

  get retainMs(): number {
    return this.#retainMs;
  }

  async #claim(caller: string, operationId: string, key: string, fingerprint: string, res: Response): Promise<Claim> {
    const id = createHash('sha256').update(`${caller}\0${operationId}\0${key}`).digest('base64url');
    // Three rounds cover a claim released or taken over between our insert and our read.
    for (let round = 0; round < 3; round += 1) {
      const token = randomUUID();
      const now = this.#now();
      try {
        await this.#model.create({
          _id: id,
          caller,
          operationId,
          fingerprint,
          state: 'in-progress',
          token,
          leaseUntil: new Date(now.getTime() + this.#leaseMs),
          createdAt: now,
        });
        return { kind: 'claimed', id, token };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await this.#model.findById(id).lean<IdempotencyRecord>();
      if (!existing) continue;
      if (existing.fingerprint !== fingerprint)
        throw new IdempotencyKeyReusedError({ detail: '同一個 Idempotency-Key 不能用於內容不同的請求；新的請求請用新的 Idempotency-Key' });
      if (existing.state === 'done' && existing.response) return { kind: 'replay', response: existing.response };
      if (existing.leaseUntil && existing.leaseUntil > now) break;
      // The owner died mid-way: take the claim over, if no one else just did.
      const taken = await this.#model.updateOne(
        { _id: id, state: 'in-progress', token: existing.token },
        { $set: { token, leaseUntil: new Date(now.getTime() + this.#leaseMs) } },
      );
      if (taken.modifiedCount === 1) {
        this.#logger.warn({ operationId }, 'took over an idempotency claim whose lease had passed');
        return { kind: 'claimed', id, token };
      }
    }
    res.setHeader('retry-after', '1');
    throw new ConflictError({
      code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
      title: '相同的請求正在處理中',
      detail: '使用同一個 Idempotency-Key 的請求正在處理中，請稍後再試',
    });
  }

  async #renew(id: string, token: string): Promise<void> {
    await this.#model
      .updateOne({ _id: id, token }, { $set: { leaseUntil: new Date(this.#now().getTime() + this.#leaseMs) } })
      .catch((err: Error) => this.#logger.warn({ err: err.message }, 'could not renew an idempotency lease'));
  }
}

/** What makes two requests "the same": method, URL (path and query) and the body's bytes. */
function fingerprintOf(req: Request): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n`);
  const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (raw) hash.update(raw);
  else if (req.body !== undefined) hash.update(JSON.stringify(req.body));
  return hash.digest('base64url');
}
