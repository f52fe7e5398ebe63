// infra/ferretdb's `_id` index keeper (id_index.go): FerretDB v1 over SQLite
// looks a document up by `_id` with an expression its own `_id` index does not
// cover, so every such find, update or delete read the whole table. The keeper
// gives each collection's table an index on that expression. Shown on the
// SQLite files themselves (the query plan, not a timing): SQLite searches
// the index; what FerretDB does stays as it was (uniqueness, the indexes it
// lists); a collection made again is indexed again; a dropped database is not
// brought back; a kept data directory is indexed before the server answers.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Connection, mongo } from 'mongoose';
import { eventually } from '@webitr/testkit';
import { startOwnFerretDb } from '../lib/infra.ts';
import type { MongoHandle } from '../lib/infra.ts';

/** FerretDB's lookup by `_id` (internal/backends/sqlite: metadata.IDColumn). */
const LOOKUP = `_ferretdb_sjson->'$._id'`;

describe("FerretDB's `_id` lookups use an index (infra/ferretdb id_index.go)", function () {
  this.timeout(120_000);
  let dir: string;
  let dataDir: string;
  let server: MongoHandle;
  let connection: Connection;
  let client: mongo.MongoClient;

  const file = (db: string) => path.join(dataDir, `${db}.sqlite`);
  /** The SQLite file of a database, read only, as FerretDB leaves it. */
  const inspect = <T>(db: string, read: (sqlite: DatabaseSync) => T): T => {
    const sqlite = new DatabaseSync(file(db), { readOnly: true });
    try {
      return read(sqlite);
    } finally {
      sqlite.close();
    }
  };
  const tableOf = (db: string, collection: string) =>
    inspect(
      db,
      (s) =>
        (s.prepare('SELECT table_name FROM "_ferretdb_collections" WHERE name = ?').get(collection) as { table_name: string }).table_name,
    );
  const indexesOf = (db: string, table: string) =>
    inspect(db, (s) =>
      (s.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).all(table) as { name: string }[])
        .map((r) => r.name)
        .sort(),
    );
  const planOf = (db: string, table: string) =>
    inspect(db, (s) =>
      (s.prepare(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${table}" WHERE ${LOOKUP} = ?`).all('"x"') as { detail: string }[])
        .map((r) => r.detail)
        .join('; '),
    );
  const indexed = (db: string, collection: string) =>
    eventually(() => {
      const table = tableOf(db, collection);
      return indexesOf(db, table).includes(`${table}__id_path`) ? table : undefined;
    }, `the keeper's index on ${db}.${collection}`);

  const start = async () => {
    server = await startOwnFerretDb(dataDir);
    connection = await mongoose.createConnection(server.uri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    client = connection.getClient();
  };
  const stop = async () => {
    await connection?.close();
    await server?.stop();
  };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'webitr-id-index-'));
    dataDir = path.join(dir, 'data');
    await start();
  });

  after(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every collection an index on the lookup expression, and SQLite searches it instead of reading the table', async () => {
    await client
      .db('alpha')
      .collection<{ _id: string; n: number }>('days')
      .insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `d${n}`, n })));
    await client.db('alpha').collection<{ _id: string }>('punches').insertOne({ _id: 'p1' });
    for (const collection of ['days', 'punches']) {
      const table = await indexed('alpha', collection);
      expect(planOf('alpha', table)).to.match(new RegExp(`SEARCH .*USING INDEX ${table}__id_path`));
      // FerretDB's own unique index is still there (and still not the one the lookup can use).
      expect(indexesOf('alpha', table)).to.include(`${table}__id_`);
    }
  });

  it('leaves what FerretDB does as it was: lookups, updates, uniqueness, the indexes it lists', async () => {
    const days = client.db('alpha').collection<{ _id: string; n: number }>('days');
    await indexed('alpha', 'days');
    expect(await days.findOne({ _id: 'd7' })).to.deep.equal({ _id: 'd7', n: 7 });
    expect((await days.updateOne({ _id: 'd7' }, { $set: { n: 70 } })).modifiedCount).to.equal(1);
    expect(await days.findOne({ _id: 'd7' })).to.deep.equal({ _id: 'd7', n: 70 });
    const duplicate = await days.insertOne({ _id: 'd7', n: 0 }).then(
      () => undefined,
      (error: { code?: number }) => error.code,
    );
    expect(duplicate).to.equal(11000);
    expect((await days.deleteOne({ _id: 'd8' })).deletedCount).to.equal(1);
    expect(await days.countDocuments()).to.equal(49);
    expect((await days.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_']);
  });

  it('indexes a collection made again after a drop, and does not bring a dropped database back', async () => {
    await client.db('alpha').collection('punches').drop();
    await client.db('alpha').collection<{ _id: string }>('punches').insertOne({ _id: 'p2' });
    await indexed('alpha', 'punches');

    await client.db('beta').collection<{ _id: string }>('forms').insertOne({ _id: 'f1' });
    await indexed('beta', 'forms');
    await client.db('beta').dropDatabase();
    expect(existsSync(file('beta'))).to.equal(false);
    // A collection made after the drop is indexed: the keeper has passed since, and left beta alone.
    await client.db('gamma').collection<{ _id: string }>('forms').insertOne({ _id: 'f1' });
    await indexed('gamma', 'forms');
    await client.db('gamma').collection<{ _id: string }>('other').insertOne({ _id: 'o1' });
    await indexed('gamma', 'other');
    expect(existsSync(file('beta'))).to.equal(false);
  });

  it('indexes a kept data directory before the server answers', async () => {
    const table = await indexed('alpha', 'days');
    await stop();
    // As a data directory from before the keeper: FerretDB's tables without the index.
    const sqlite = new DatabaseSync(file('alpha'));
    sqlite.exec(`DROP INDEX "${table}__id_path"`);
    sqlite.close();
    expect(indexesOf('alpha', table)).to.not.include(`${table}__id_path`);
    await start();
    expect(indexesOf('alpha', table)).to.include(`${table}__id_path`);
    expect(await client.db('alpha').collection('days').countDocuments()).to.equal(49);
  });
});
