import { randomUUID } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '../mongo.ts';

/** One term of one lease (collection `leases`): whoever inserted `<name>@<term>` holds that term. */
interface TermDocument {
  _id: string;
  name: string;
  term: number;
  owner: string;
  at: Date;
}

export interface StoreLeaseOptions {
  /** Length of a term; a holder that dies loses the lease at the end of its term at the latest. */
  termMs: number;
  /** Names this holder (a process's instance); random by default. */
  owner?: string;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

/** Terms kept behind the current one before the holder deletes them. */
const TERMS_KEPT = 2;

/**
 * Which instance of a service does one thing for now (publishes a collection's
 * outboxes, runs a job): a lease in the store, in terms of fixed length
 * counted from the epoch. A term belongs to the instance whose insert of
 * `<name>@<term>` won. A unique `_id` is the one guarantee that holds across
 * connections on MongoDB and FerretDB v1 alike: FerretDB does not make a
 * conditional update atomic across connections (`npm run
 * measure:ferretdb-races`), so a lease taken by `updateOne({ until < now })`
 * could go to two instances at once there. Two instances never hold one term.
 *
 * `hold()` answers whether this instance holds the lease for at least a term
 * from now: it holds the current term and the next, claiming them as needed,
 * so the holder keeps the lease as long as it calls at least once a term, and
 * one that dies loses it within two. Terms follow the instances' clocks: a
 * clock more than a term off could claim a term early, which is why terms
 * are seconds, not milliseconds.
 */
export class StoreLease {
  readonly name: string;
  readonly owner: string;
  readonly termMs: number;
  readonly #collection: Collection<TermDocument>;
  readonly #now: () => number;
  /** Terms this instance holds (it inserted them and has not released them). */
  readonly #held = new Set<number>();
  /** Claims under way: concurrent callers share one insert. */
  readonly #claiming = new Map<number, Promise<boolean>>();

  constructor(connection: Connection, name: string, options: StoreLeaseOptions) {
    this.#collection = connection.collection<TermDocument>('leases');
    this.name = name;
    this.owner = options.owner ?? randomUUID();
    this.termMs = options.termMs;
    this.#now = options.now ?? Date.now;
  }

  /** True when this instance holds the lease from now until at least a term ahead (claiming what it needs for that). */
  async hold(): Promise<boolean> {
    const term = Math.floor(this.#now() / this.termMs);
    return (await this.#claim(term)) && (await this.#claim(term + 1));
  }

  /** Give the lease up now (another instance may take the current term at once). */
  async release(): Promise<void> {
    if (this.#held.size === 0) return;
    const ids = [...this.#held].map((term) => this.#id(term));
    this.#held.clear();
    await this.#collection.deleteMany({ _id: { $in: ids }, owner: this.owner });
  }

  #claim(term: number): Promise<boolean> {
    if (this.#held.has(term)) return Promise.resolve(true);
    let claiming = this.#claiming.get(term);
    if (!claiming) {
      claiming = this.#insert(term).finally(() => this.#claiming.delete(term));
      this.#claiming.set(term, claiming);
    }
    return claiming;
  }

  async #insert(term: number): Promise<boolean> {
    try {
      await this.#collection.insertOne({ _id: this.#id(term), name: this.name, term, owner: this.owner, at: new Date(this.#now()) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Ours when an earlier insert was stored but its answer was lost.
      const holder = await this.#collection.findOne({ _id: this.#id(term) }, { projection: { owner: 1 } });
      if (holder?.owner !== this.owner) return false;
    }
    this.#held.add(term);
    for (const old of this.#held) if (old < term - TERMS_KEPT) this.#held.delete(old);
    // Terms are not released one by one while held (a job's holder keeps the lease for days), nor after a crash:
    // each new term's holder deletes the old ones, so the collection stays a few documents per lease.
    await this.#collection.deleteMany({ name: this.name, term: { $lt: term - TERMS_KEPT } });
    return true;
  }

  #id(term: number): string {
    return `${this.name}@${term}`;
  }
}
