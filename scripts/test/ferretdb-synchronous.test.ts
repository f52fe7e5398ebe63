// infra/ferretdb runs SQLite with synchronous=NORMAL unless told `full`
// (main.go says why): in WAL mode a commit then no longer syncs the log to
// disk, which cost about 115 µs per document FerretDB writes. Shown by the
// fsync calls the server makes for 50 single-document inserts (strace), not
// by a timing: one or more per insert under `full`, a handful (creating the
// database and collection) under the default.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { startOwnFerretDb } from '../lib/infra.ts';

const INSERTS = 50;

/** The fsync and fdatasync calls of FerretDB's threads while `work` runs. */
async function syncsDuring(pid: number, dir: string, work: () => Promise<void>): Promise<number> {
  const out = path.join(dir, `strace-${pid}.txt`);
  const tracer = spawn('strace', ['-f', '-e', 'trace=fsync,fdatasync', '-o', out, '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => tracer.once('exit', resolve));
  // Counting starts once strace says it holds every thread ("Process N attached with 7 threads").
  await new Promise<void>((resolve, reject) => {
    let said = '';
    tracer.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/Process \d+ attached/.test(said)) resolve();
    });
    tracer.once('exit', () => reject(new Error(`strace could not attach to FerretDB: ${said}`)));
    tracer.once('error', (error) => reject(new Error(`strace (Debian's strace package) is needed for this test: ${error.message}`)));
  });
  await work();
  tracer.kill('SIGINT');
  await exited;
  const text = await readFile(out, 'utf8');
  return text.split('\n').filter((line) => /\b(fsync|fdatasync)\(/.test(line)).length;
}

describe('FerretDB syncs the SQLite log at checkpoints, not at every commit (infra/ferretdb main.go)', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'webitr-ferret-sync-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const insertsUnder = async (synchronous: 'normal' | 'full' | undefined): Promise<number> => {
    const server = await startOwnFerretDb(path.join(dir, synchronous ?? 'default'), synchronous ? { synchronous } : {});
    const connection = await mongoose.createConnection(server.uri, { dbName: 'sync' }).asPromise();
    try {
      const collection = connection.collection('punches');
      // The database and its collection exist before the count starts: what is counted is the inserts alone.
      await collection.insertOne({ warm: true });
      return await syncsDuring(server.pid!, dir, async () => {
        for (let i = 0; i < INSERTS; i++) await collection.insertOne({ i });
      });
    } finally {
      await connection.close();
      await server.stop();
    }
  };

  it('under `full` every insert syncs the log (what FerretDB does by itself)', async () => {
    expect(await insertsUnder('full')).to.be.at.least(INSERTS);
  });

  it('by default (`normal`) 50 inserts sync almost never', async () => {
    expect(await insertsUnder(undefined)).to.be.below(5);
  });
});
