import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Logger } from './logger.ts';

/** The database of one service; a namespace keeps test runs and staging copies apart. */
export function databaseName(service: string, namespace = ''): string {
  const name = `webitr_${service}`.replaceAll('-', '_');
  return namespace ? `${namespace.replaceAll('-', '_')}_${name}` : name;
}

/**
 * A mongoose connection of its own per service (never the global one), so a
 * process or a test can hold several. Works against MongoDB 7+ and FerretDB v1:
 * the data model avoids transactions, $lookup, TTL and partial indexes.
 *
 * FerretDB v1 (SQLite) does not make a conditional single-document update
 * atomic against the same update arriving on another connection (measured: 6 of
 * 20 concurrent version-checked updates won). It handles one connection's
 * requests in order, so against FerretDB the pool is one connection (and the
 * instances of one service that `START_REPLICAS` runs share one through
 * scripts/lib/mongo-funnel.ts), which restores the atomicity that MongoDB gives
 * and the data model relies on (version checks, balances).
 */
export async function connectMongo(uri: string, dbName: string, logger: Logger): Promise<Connection> {
  const log = logger.child({ module: 'mongodb' });
  let connection = await openAtStart(uri, dbName, log);
  if (await isFerretDb(connection)) {
    await connection.close();
    connection = await open(uri, dbName, { maxPoolSize: 1, minPoolSize: 1 });
    onFerretDb.add(connection);
    log.info('FerretDB detected: one connection, so single-document updates stay atomic');
  }
  connection.on('disconnected', () => log.warn('disconnected'));
  connection.on('reconnected', () => log.info('reconnected'));
  log.info({ dbName }, 'connected');
  return connection;
}

/** The connections connectMongo opened to FerretDB (it asked the server once). */
const onFerretDb = new WeakSet<Connection>();

/**
 * A connection for inserts that must not wait behind the main connection's
 * long work — the web punch at the morning rush behind the attendance job's
 * reads and writes. On MongoDB that is the main connection: its pool serves
 * them side by side already. On FerretDB, which serves one connection's
 * requests in order, it is a second connection of its own; what goes through
 * it must be inserts of documents with unique `_id`s and nothing else — the one
 * write FerretDB keeps atomic across connections (the same `_id` is refused on
 * either) — never an update, whose atomicity rests on the main connection.
 */
export async function openInsertLane(main: Connection, uri: string, dbName: string, logger: Logger): Promise<Connection> {
  if (!onFerretDb.has(main)) return main;
  const lane = await open(uri, dbName, { maxPoolSize: 1, minPoolSize: 1 });
  logger.child({ module: 'mongodb' }).info('FerretDB: a second connection for inserts (insertLane)');
  return lane;
}

/** Fail-fast settings make the first attempt short too; a store that is still starting gets a few seconds. */
async function openAtStart(uri: string, dbName: string, log: Logger, withinMs = 10_000): Promise<Connection> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await open(uri, dbName);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      log.warn({ err: (error as Error).message }, 'MongoDB not reachable yet; retrying');
    }
  }
}

/**
 * While the store is away a request fails at once instead of waiting: no
 * command buffering by mongoose, and the driver gives up selecting a server
 * after a second (MongoServerSelectionError, which the problem middleware
 * answers with 503 STORE_UNAVAILABLE). The driver reconnects by itself — once
 * patches/mongodb+7.8.0.patch keeps a command written to a socket already
 * destroyed from waiting for ever (the monitor's check did, after an outage).
 */
function open(uri: string, dbName: string, pool: { maxPoolSize?: number; minPoolSize?: number } = {}): Promise<Connection> {
  return mongoose
    .createConnection(uri, {
      dbName,
      bufferCommands: false,
      serverSelectionTimeoutMS: 1_000,
      // After an outage the store is found again within seconds: a connection attempt that hangs (a starved or
      // half-open peer) is given up after 3 s instead of the driver's 30 s, and the monitor looks every 2 s.
      connectTimeoutMS: 3_000,
      heartbeatFrequencyMS: 2_000,
      // Indexes are built explicitly at start-up (ensureIndexes), not lazily.
      autoIndex: false,
      autoCreate: true,
      ...pool,
    })
    .asPromise();
}

/** Whether the server at `uri` is FerretDB (whose updates are atomic within one connection only). */
export async function servesFerretDb(uri: string): Promise<boolean> {
  const connection = await open(uri, 'admin');
  try {
    return await isFerretDb(connection);
  } finally {
    await connection.close();
  }
}

async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info;
}

/** Build every model's indexes, including the unique ones other code relies on. */
export async function ensureIndexes(connection: Connection): Promise<void> {
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
}

export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) throw new Error('not connected');
  await db.command({ ping: 1 });
}

/** MongoDB's duplicate key error: a unique index said no. */
export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
