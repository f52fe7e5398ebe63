import { expect } from 'chai';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { cleanupNamespace, suiteNamespace } from '@webitr/testkit';
import { ConflictError, NotFoundError } from '../../src/errors.ts';
import { databaseName } from '../../src/mongo.ts';
import { updateWithVersion, writeWithVersion } from '../../src/mongo/versioned-update.ts';
import { outboxSchemaFields } from '../../src/outbox/outbox.ts';
import type { OutboxFields } from '../../src/outbox/outbox.ts';
import { grantEvent, openMongo } from '../helpers.ts';

interface Counter extends OutboxFields {
  _id: string;
  version: number;
  count: number;
  status: string;
}

const changed = () => new ConflictError({ code: 'COUNTER_CHANGED' });
const missing = () => new NotFoundError({ code: 'COUNTER_NOT_FOUND' });

describe('version-checked updates (integration)', () => {
  const namespace = suiteNamespace('versioned');
  const dbName = databaseName('platform-test', namespace);
  let mongo: Connection;
  let Counters: Model<Counter>;

  before(async () => {
    mongo = await openMongo(dbName);
    Counters = mongo.model<Counter>(
      'Counter',
      new Schema<Counter>({ _id: String, version: Number, count: Number, status: String, ...outboxSchemaFields }, { versionKey: false }),
    );
  });

  after(async () => {
    await mongo.close();
    await cleanupNamespace({ namespace, databases: [dbName] });
  });

  it('of 20 concurrent writes at the version read, exactly one wins, with its events in the same write', async () => {
    await Counters.create({ _id: 'c1', version: 1, count: 0, status: 'open' });
    let kicks = 0;
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeWithVersion(
          Counters,
          { _id: 'c1', version: 1 },
          { $set: { count: i + 1 } },
          { events: [grantEvent(`P${i}`)], kick: () => (kicks += 1) },
        ),
      ),
    );
    expect(writes.filter(Boolean)).to.have.length(1);
    expect(kicks).to.equal(1);
    const doc = await Counters.findById('c1').lean<Counter>();
    expect(doc?.version).to.equal(2);
    expect(doc?.outboxCount).to.equal(1);
    expect(Object.keys(doc?.outbox ?? {})).to.have.length(1);
  });

  it('refuses a write when another condition no longer holds (a status)', async () => {
    await Counters.create({ _id: 'c2', version: 1, count: 0, status: 'closed' });
    expect(await writeWithVersion(Counters, { _id: 'c2', version: 1 }, { $set: { count: 1 } }, { where: { status: 'open' } })).to.equal(
      false,
    );
    expect((await Counters.findById('c2').lean<Counter>())?.version).to.equal(1);
  });

  it('read-decide-write: 10 concurrent increments with retries all land, each decided on the state it read', async () => {
    await Counters.create({ _id: 'c3', version: 1, count: 0, status: 'open' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        updateWithVersion(Counters, 'c3', (doc) => ({ update: { $set: { count: doc.count + 1 } } }), {
          attempts: 10,
          conflict: changed,
          notFound: missing,
        }),
      ),
    );
    expect(results.every((r) => r.change !== undefined)).to.equal(true);
    const doc = await Counters.findById('c3').lean<Counter>();
    expect(doc?.count).to.equal(10);
    expect(doc?.version).to.equal(11);
  });

  it('with one attempt, of concurrent updates exactly one wins and the others are refused; a lost write is undone', async () => {
    await Counters.create({ _id: 'c4', version: 1, count: 0, status: 'open' });
    let undone = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        updateWithVersion(Counters, 'c4', () => ({ update: { $set: { count: i + 1 } }, undo: async () => void (undone += 1) }), {
          conflict: changed,
          notFound: missing,
        }),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    expect(refused).to.have.length(9);
    expect(
      refused.every(
        (o) =>
          (o as PromiseRejectedResult).reason instanceof ConflictError && (o as PromiseRejectedResult).reason.code === 'COUNTER_CHANGED',
      ),
    ).to.equal(true);
    expect(undone).to.equal(9);
    expect((await Counters.findById('c4').lean<Counter>())?.version).to.equal(2);
  });

  it('refuses another version than expected at once, writes nothing when nothing is decided, and says when there is no document', async () => {
    await Counters.create({ _id: 'c5', version: 3, count: 0, status: 'open' });
    let decided = 0;
    const stale = await updateWithVersion(Counters, 'c5', () => ((decided += 1), { update: { $set: { count: 1 } } }), {
      attempts: 5,
      expectedVersion: 2,
      conflict: changed,
    }).catch((e: unknown) => e);
    expect(stale).to.be.instanceOf(ConflictError);
    expect(decided).to.equal(0);
    const nothing = await updateWithVersion(Counters, 'c5', () => undefined, { conflict: changed, notFound: missing });
    expect(nothing.change).to.equal(undefined);
    expect(nothing.doc.version).to.equal(3);
    expect(await updateWithVersion(Counters, 'nobody', () => undefined, { conflict: changed })).to.equal(undefined);
    expect(
      await updateWithVersion(Counters, 'nobody', () => undefined, { conflict: changed, notFound: missing }).catch((e: unknown) => e),
    ).to.be.instanceOf(NotFoundError);
  });
});
