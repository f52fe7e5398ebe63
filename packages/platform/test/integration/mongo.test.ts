import { expect } from 'chai';
import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import { cleanupNamespace, suiteNamespace, testUris } from '@webitr/testkit';
import { databaseName, ensureIndexes, isDuplicateKeyError, openInsertLane, pingMongo, servesFerretDb } from '../../src/mongo.ts';
import { logger, openMongo } from '../helpers.ts';

describe('MongoDB-protocol server through mongoose (integration)', () => {
  const namespace = suiteNamespace('mongo');
  const dbName = databaseName('platform-test', namespace);
  let mongo: Connection;

  before(async () => {
    mongo = await openMongo(dbName);
  });

  after(async () => {
    await mongo.close();
    await cleanupNamespace({ namespace, databases: [dbName] });
  });

  it('connects and answers ping', async () => {
    await pingMongo(mongo);
    expect(mongo.name).to.equal(dbName);
  });

  it('names databases per service and namespace', () => {
    expect(databaseName('punch-card-ingest')).to.equal('webitr_punch_card_ingest');
    expect(databaseName('leave', 't1a2b-x')).to.equal('t1a2b_x_webitr_leave');
  });

  it('holds unique indexes, single and compound', async () => {
    const Person = mongo.model(
      'Person',
      new Schema({ nationalIdHash: { type: String, required: true, unique: true }, agencyId: String, employeeNo: String }).index(
        { agencyId: 1, employeeNo: 1 },
        { unique: true },
      ),
    );
    await ensureIndexes(mongo);
    await Person.create({ nationalIdHash: 'h1', agencyId: 'A', employeeNo: '001' });
    const duplicateHash = await Person.create({ nationalIdHash: 'h1', agencyId: 'A', employeeNo: '002' }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(duplicateHash)).to.equal(true);
    const duplicatePair = await Person.create({ nationalIdHash: 'h2', agencyId: 'A', employeeNo: '001' }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(duplicatePair)).to.equal(true);
    await Person.create({ nationalIdHash: 'h3', agencyId: 'B', employeeNo: '001' });
    expect(await Person.countDocuments()).to.equal(2);
  });

  it('applies a conditional single-document update once when many race for it (version check, last balance)', async () => {
    const balances = mongo.collection<{ _id: string; version: number; hours: number }>('balances');
    await balances.insertOne({ _id: 'P1:annual', version: 0, hours: 8 });
    const versioned = await Promise.all(
      Array.from({ length: 20 }, () => balances.updateOne({ _id: 'P1:annual', version: 0 }, { $inc: { version: 1 } })),
    );
    expect(versioned.filter((r) => r.modifiedCount === 1)).to.have.length(1);
    const debits = await Promise.all(
      Array.from({ length: 20 }, () => balances.updateOne({ _id: 'P1:annual', hours: { $gte: 3 } }, { $inc: { hours: -3 } })),
    );
    expect(debits.filter((r) => r.modifiedCount === 1)).to.have.length(2);
    expect((await balances.findOne({ _id: 'P1:annual' }))?.hours).to.equal(2);
  });

  it('opens an insert lane: on FerretDB a connection of its own, whose inserts do not wait for the main one and keep `_id`s unique', async () => {
    const lane = await openInsertLane(mongo, testUris().mongodb, dbName, logger);
    try {
      if (!(await servesFerretDb(testUris().mongodb))) {
        // MongoDB's pool serves an insert beside a long read already.
        expect(lane).to.equal(mongo);
        return;
      }
      expect(lane).to.not.equal(mongo);
      const rows = mongo.collection<{ _id: string; n: number }>('rows');
      for (let i = 0; i < 20_000; i += 5_000)
        await rows.insertMany(Array.from({ length: 5_000 }, (_, k) => ({ _id: `r${i + k}`, n: i + k })));
      const order: string[] = [];
      const done = (what: string) => () => order.push(what);
      const entries = () => lane.collection<{ _id: string }>('entries');
      // A long read on the main connection (FerretDB reads every row for a filter that is not a lone `_id`),
      // an insert through the lane sent after it, and one on the main connection sent after both.
      const read = rows.countDocuments({ n: { $gte: 0 } }).then(done('main: long read'));
      const laneInsert = entries().insertOne({ _id: 'e1' }).then(done('lane: insert'));
      const mainInsert = mongo.collection<{ _id: string }>('entries').insertOne({ _id: 'e2' }).then(done('main: insert'));
      await Promise.all([read, laneInsert, mainInsert]);
      // FerretDB serves one connection's requests in order: the main insert waited for the read, the lane's did not.
      expect(order).to.deep.equal(['lane: insert', 'main: long read', 'main: insert']);
      // One store: seen from the main connection, the same `_id` refused on either.
      expect(await mongo.collection<{ _id: string }>('entries').countDocuments({ _id: 'e1' })).to.equal(1);
      expect(
        isDuplicateKeyError(
          await entries()
            .insertOne({ _id: 'e2' })
            .catch((e: unknown) => e),
        ),
      ).to.equal(true);
      expect(
        isDuplicateKeyError(
          await mongo
            .collection<{ _id: string }>('entries')
            .insertOne({ _id: 'e1' })
            .catch((e: unknown) => e),
        ),
      ).to.equal(true);
    } finally {
      if (lane !== mongo) await lane.close();
    }
  });
});
