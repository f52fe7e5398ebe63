// `npm run measure:ferretdb-races` (issue 19): does a conditional update stay
// atomic across connections? Each process holds one connection to FerretDB
// because its SQLite handler lets several version-checked updates of one
// document win when they arrive on different connections (packages/platform
// src/mongo.ts); two instances of a service are two connections. This runs
// the same race on FerretDB over SQLite and over the PostgreSQL these
// machines run, and on MONGODB_URI when it is set: 20 racers, each on its own
// connection, update one document only if its version is still 0; exactly
// one may win. ROUNDS rounds each (default 30). Not a test: prints the
// winners per round and exits 1 when a store let more than one win.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import { buildFerretDb, freePort } from './lib/infra.ts';

const RACERS = 20;
const ROUNDS = Number(process.env['ROUNDS'] ?? 30);
const POSTGRES = process.env['FERRETDB_POSTGRESQL_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
const say = (line: string) => console.log(`[races] ${line}`);

/** FerretDB with the given store arguments, until its ready line names its URI. */
async function startFerretDb(args: string[]): Promise<{ uri: string; child: ChildProcess }> {
  const bin = await buildFerretDb();
  const port = await freePort();
  const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  for await (const line of createInterface({ input: child.stdout! })) {
    const ready = /^ferretdb listening on \S+ uri=(\S+)/.exec(line);
    if (ready) return { uri: ready[1]!, child };
  }
  throw new Error(`FerretDB ${args.join(' ')} did not start:\n${stderr}`);
}

/** A PostgreSQL database of its own for this run (trust auth on these machines), dropped afterwards. */
function psql(sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [`${POSTGRES}/postgres`, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql ${sql}: ${err.trim()}`))));
  });
}

/** ROUNDS races on `uri`; answers the number of winners of each round. */
async function race(uri: string): Promise<number[]> {
  const clients = await Promise.all(
    Array.from({ length: RACERS }, () => new mongoose.mongo.MongoClient(uri, { maxPoolSize: 1, minPoolSize: 1 }).connect()),
  );
  try {
    const collection = (i: number) => clients[i]!.db('races').collection<{ _id: string; version: number; winner?: number }>('doc');
    // Each connection has done a round trip before the races, so none is still connecting when they start.
    await Promise.all(clients.map((_, i) => collection(i).findOne({ _id: 'none' })));
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const _id = `round-${round}`;
      await collection(0).insertOne({ _id, version: 0 });
      const results = await Promise.all(
        clients.map((_, i) => collection(i).updateOne({ _id, version: 0 }, { $set: { version: 1, winner: i } })),
      );
      winners.push(results.reduce((n, r) => n + r.modifiedCount, 0));
    }
    return winners;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

const lines: string[] = [];
let broken = false;
const report = (store: string, winners: number[]) => {
  const over = winners.filter((w) => w !== 1).length;
  if (over) broken = true;
  lines.push(
    `  ${store.padEnd(28)} ${over === 0 ? 'atomic' : 'NOT atomic'}: rounds with exactly one winner ${ROUNDS - over} of ${ROUNDS}; winners per round ${winners.join(' ')}`,
  );
};

const dir = await mkdtemp(path.join(os.tmpdir(), 'ferretdb-races-'));
const database = `ferretdb_races_${randomBytes(3).toString('hex')}`;
try {
  say('FerretDB over SQLite');
  const sqlite = await startFerretDb(['-data', dir]);
  try {
    report('FerretDB v1, SQLite', await race(sqlite.uri));
  } finally {
    sqlite.child.kill('SIGTERM');
  }
  say(`FerretDB over PostgreSQL (${POSTGRES}/${database})`);
  await psql(`CREATE DATABASE ${database}`);
  try {
    const pg = await startFerretDb(['-postgresql-url', `${POSTGRES}/${database}`]);
    try {
      report('FerretDB v1, PostgreSQL', await race(pg.uri));
    } finally {
      pg.child.kill('SIGTERM');
      await new Promise((resolve) => pg.child.once('exit', resolve));
    }
  } finally {
    await psql(`DROP DATABASE IF EXISTS ${database}`);
  }
  const mongoUri = process.env['MONGODB_URI'];
  if (mongoUri) {
    say('MONGODB_URI');
    report('MONGODB_URI', await race(mongoUri));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(['', `${RACERS} racers, each on its own connection, one conditional update each per round:`, ...lines, ''].join('\n'));
if (broken) process.exitCode = 1;
