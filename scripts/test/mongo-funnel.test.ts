// The funnel that gives the instances of one process one connection to
// FerretDB (`START_REPLICAS=2 npm start`): through it, 20 clients racing one
// version-checked update leave exactly one winner, as MongoDB does and FerretDB
// alone across connections does not; cursors, handshakes and a client that
// goes away mid-conversation work as they do straight to the server.
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { suiteNamespace, testUris } from '@webitr/testkit';
import { MongoFunnel } from '../lib/mongo-funnel.ts';

describe('the MongoDB funnel in front of FerretDB (START_REPLICAS)', function () {
  this.timeout(60_000);
  const dbName = `${suiteNamespace('funnel')}_funnel`;
  let funnel: MongoFunnel;
  let uri: string;
  const connections: Connection[] = [];

  /** A client as a service instance opens it: one connection of its own, here through the funnel. */
  const connect = async () => {
    const connection = await mongoose.createConnection(uri, { dbName, maxPoolSize: 1, serverSelectionTimeoutMS: 5_000 }).asPromise();
    connections.push(connection);
    return connection;
  };

  before(async () => {
    const server = new URL(testUris().mongodb);
    funnel = new MongoFunnel({ host: server.hostname, port: Number(server.port) });
    uri = Object.assign(new URL(testUris().mongodb), { port: String(await funnel.listen()) }).href;
  });

  after(async () => {
    await connections[0]?.dropDatabase().catch(() => undefined);
    for (const connection of connections) await connection.close().catch(() => undefined);
    await funnel.close();
  });

  it('lets exactly one of 20 clients win a version-checked update of one document, round after round', async () => {
    const racers = await Promise.all(Array.from({ length: 20 }, connect));
    const docs = racers[0]!.collection<{ _id: string; version: number; winner?: number }>('races');
    for (let round = 0; round < 10; round++) {
      await docs.insertOne({ _id: `r${round}`, version: 0 });
      const results = await Promise.all(
        racers.map((racer, i) =>
          racer.collection('races').updateOne({ _id: `r${round}` as never, version: 0 }, { $set: { version: 1, winner: i } }),
        ),
      );
      expect(
        results.filter((r) => r.modifiedCount === 1),
        `round ${round}`,
      ).to.have.length(1);
    }
  });

  it('serves cursors over several batches to clients that interleave', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    await a!.collection('many').insertMany(Array.from({ length: 450 }, (_, i) => ({ n: i })));
    const read = (c: Connection) => c.collection('many').find({}, { batchSize: 50 }).sort({ n: 1 }).toArray();
    const [fromA, fromB] = await Promise.all([read(a!), read(b!)]);
    expect(fromA.map((d) => d['n'])).to.deep.equal(Array.from({ length: 450 }, (_, i) => i));
    expect(fromB).to.have.length(450);
  });

  it('goes on serving the others when a client goes away with a request unanswered', async () => {
    const [leaving, staying] = await Promise.all([connect(), connect()]);
    const pending = leaving!
      .collection('many')
      .find({})
      .toArray()
      .catch(() => 'gone');
    await leaving!.close(true);
    await pending;
    expect(await staying!.collection('many').countDocuments()).to.equal(450);
  });
});
