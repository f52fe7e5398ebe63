// Local infrastructure for `npm test` and `npm start`: Redis, RabbitMQ and a
// MongoDB-compatible server (FerretDB, built from infra/ferretdb).
//
// Redis and RabbitMQ are system services on the development machines; if the
// configured URL is the local default and nothing answers, they are started
// with the same commands the machine uses. FerretDB is a child process of the
// calling script, on a free port with a throw-away data directory (or the one
// `npm start` keeps), unless MONGODB_URI points somewhere else (a real
// MongoDB, see infra/compose.yaml).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import amqp from 'amqplib';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function log(message: string): void {
  console.log(`[infra] ${message}`);
}

function hostPort(url: URL, defaultPort: number): { host: string; port: number } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { host, port: url.port ? Number(url.port) : defaultPort };
}

function isLocalDefault(url: URL, defaultPort: number): boolean {
  return LOCAL_HOSTS.has(url.hostname) && hostPort(url, defaultPort).port === defaultPort;
}

/** Redacts the password of a URL for log lines. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Resolves true once a TCP connection to host:port is accepted, false on error or timeout. */
export function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Runs a command to completion; rejects with its output if it fails. */
function run(command: string, args: string[], options: { cwd?: string; inherit?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(`\`${command}\` is not installed (or not on PATH)`)
          : new Error(`\`${command} ${args.join(' ')}\` could not be started: ${err.message}`),
      );
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`\`${command} ${args.join(' ')}\` failed (${signal ?? `exit code ${code}`})${output ? `:\n${output.trim()}` : ''}`),
        );
    });
  });
}

// ---------------------------------------------------------------- Redis ----

/** Sends PING; any RESP reply (+PONG, or -NOAUTH with a password set) means the server is up. */
function redisAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data: Buffer) => done(/^[+-]/.test(data.toString())));
    socket.once('error', () => done(false));
  });
}

/** Makes sure Redis answers at REDIS_URL (default redis://127.0.0.1:6379); returns that URL. */
export async function ensureRedis(): Promise<string> {
  const url = process.env['REDIS_URL'] || DEFAULT_REDIS_URL;
  const parsed = new URL(url);
  const { host, port } = hostPort(parsed, 6379);
  if (await redisAnswers(host, port)) return url;

  if (!isLocalDefault(parsed, 6379)) {
    throw new Error(`Redis at ${redact(url)} does not answer (REDIS_URL); start it or unset REDIS_URL`);
  }
  if (await probeTcp(host, port)) {
    // Something listens but does not speak RESP yet: give it a moment.
    if (await waitFor(() => redisAnswers(host, port), 10_000)) return url;
    throw new Error(`something listens on ${host}:${port} but it does not answer like Redis`);
  }
  log('Redis is not running; starting redis-server');
  await run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
  if (!(await waitFor(() => redisAnswers(host, port), 15_000))) {
    throw new Error('redis-server was started but does not answer on 127.0.0.1:6379 after 15 s');
  }
  log('Redis is up');
  return url;
}

// ------------------------------------------------------------- RabbitMQ ----

async function amqpConnects(url: string): Promise<true | Error> {
  try {
    const connection = await amqp.connect(url, { timeout: 5000 });
    connection.on('error', () => {});
    await connection.close();
    return true;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * Makes sure RabbitMQ accepts an AMQP connection at AMQP_URL (default
 * amqp://guest:guest@127.0.0.1:5672); returns that URL.
 */
export async function ensureRabbitMQ(): Promise<string> {
  const url = process.env['AMQP_URL'] || DEFAULT_AMQP_URL;
  const parsed = new URL(url);
  const { host, port } = hostPort(parsed, 5672);
  let result = await amqpConnects(url);
  if (result === true) return url;

  const local = isLocalDefault(parsed, 5672);
  const listening = await probeTcp(host, port);
  if (!local && !listening) {
    throw new Error(`RabbitMQ at ${redact(url)} is not reachable (AMQP_URL): ${result.message}`);
  }
  if (local && !listening) {
    log('RabbitMQ is not running; starting rabbitmq-server -detached (takes a while)');
    await run('rabbitmq-server', ['-detached']);
  } else {
    log(`RabbitMQ at ${host}:${port} listens but refuses AMQP (${result.message}); waiting for it`);
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await sleep(1000);
    result = await amqpConnects(url);
    if (result === true) {
      log('RabbitMQ is up');
      return url;
    }
  }
  throw new Error(`RabbitMQ does not accept AMQP connections at ${redact(url)} after 60 s: ${result.message}`);
}

// ------------------------------------------------------------- FerretDB ----

export interface MongoHandle {
  /** Connection string for the MongoDB wire protocol. */
  uri: string;
  /** The FerretDB process this script started (none for an external MONGODB_URI). */
  pid?: number;
  /** Stops the server started for this process (no-op for an external MONGODB_URI). */
  stop(): Promise<void>;
}

const FERRET_SRC = path.join(ROOT, 'infra', 'ferretdb');
const FERRET_BIN = path.join(ROOT, '.cache', 'bin', 'ferretdb');
const FERRET_HASH = `${FERRET_BIN}.sha256`;
/** What the binary is built from: the module files and every Go file beside them (main.go, id_index.go). */
async function ferretSources(): Promise<string[]> {
  const go = (await readdir(FERRET_SRC)).filter((name) => name.endsWith('.go')).sort();
  return ['go.mod', 'go.sum', ...go];
}

async function ferretSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${process.platform}-${process.arch}\n`);
  for (const name of await ferretSources()) {
    hash.update(`${name}\n`);
    hash.update(await readFile(path.join(FERRET_SRC, name)));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** Builds .cache/bin/ferretdb unless it exists and was built from the current sources. */
export async function buildFerretDb(): Promise<string> {
  const hash = await ferretSourceHash();
  const stored = existsSync(FERRET_HASH) ? (await readFile(FERRET_HASH, 'utf8')).trim() : '';
  if (existsSync(FERRET_BIN) && stored === hash) return FERRET_BIN;

  log(`building FerretDB (go build infra/ferretdb -> ${path.relative(ROOT, FERRET_BIN)}); the first build takes a minute`);
  await mkdir(path.dirname(FERRET_BIN), { recursive: true });
  // Build next to the target and rename, so a concurrent run never sees half a binary.
  const tmp = `${FERRET_BIN}.${process.pid}.tmp`;
  try {
    await run('go', ['build', '-trimpath', '-o', tmp, '.'], { cwd: FERRET_SRC, inherit: true });
    await rename(tmp, FERRET_BIN);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(
      `could not build FerretDB: ${(err as Error).message}\n` +
        'Go 1.24+ is needed to build it; or set MONGODB_URI to a running MongoDB (see infra/compose.yaml).',
      { cause: err },
    );
  }
  await writeFile(FERRET_HASH, `${hash}\n`);
  log('FerretDB built');
  return FERRET_BIN;
}

/** A port that was free a moment ago (the OS picks it for a port-0 listener). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * SQLite's `synchronous` under FerretDB (infra/ferretdb/main.go says what
 * each means): `normal` unless FERRETDB_SYNCHRONOUS says `full`, which the
 * benchmarks use to show what the setting costs.
 */
export function ferretSynchronous(): 'normal' | 'full' {
  const value = process.env.FERRETDB_SYNCHRONOUS ?? 'normal';
  if (value !== 'normal' && value !== 'full') throw new Error(`FERRETDB_SYNCHRONOUS must be normal or full, not ${value}`);
  return value;
}

const READY_LINE = /^ferretdb listening on (\S+) uri=(\S+)/;

async function startFerretDbOnce(
  bin: string,
  keptDataDir: string | undefined,
  synchronous: 'normal' | 'full' = ferretSynchronous(),
): Promise<MongoHandle> {
  const port = await freePort();
  // A kept data directory gets the log of the last run beside it; a throw-away one lives in a temporary folder.
  const tmpRoot = keptDataDir ? undefined : await mkdtemp(path.join(os.tmpdir(), 'webitr-ferretdb-'));
  const dataDir = keptDataDir ?? path.join(tmpRoot!, 'data');
  if (keptDataDir) await mkdir(keptDataDir, { recursive: true });
  const logFile = keptDataDir ? `${keptDataDir}.log` : path.join(tmpRoot!, 'ferretdb.log');
  const logFd = openSync(logFile, keptDataDir ? 'w' : 'a');
  const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-synchronous', synchronous], {
    stdio: ['ignore', 'pipe', logFd],
    // Its own process group: Ctrl-C in a terminal must not stop the database
    // before the services that use it have shut down; stop() ends it last.
    detached: true,
  });
  closeSync(logFd);

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // Last resort when the parent ends without calling stop() (crash, process.exit()).
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
    if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exitedPromise;
        clearTimeout(timer);
      }
      if (tmpRoot) await rm(tmpRoot, { recursive: true, force: true });
    })());

  // Read stdout to the end (FerretDB must never block on a full pipe) and
  // catch the ready line on the way.
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('FerretDB printed no ready line within 30 s')), 30_000);
    lines.on('line', (line) => {
      const match = READY_LINE.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[2]!);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited before it was ready (${signal ?? `exit code ${code}`})`));
    });
  });

  try {
    const uri = await ready;
    // The line is printed as the server starts; make sure the port accepts.
    if (!(await waitFor(() => probeTcp('127.0.0.1', port), 10_000, 100))) {
      throw new Error(`FerretDB does not accept connections on 127.0.0.1:${port}`);
    }
    child.once('exit', (code, signal) => {
      if (stopped) return;
      const logTail = tail(logFile);
      log(`FerretDB exited unexpectedly (${signal ?? `exit code ${code}`})${logTail ? `:\n${logTail}` : ''}`);
    });
    return { uri, pid: child.pid, stop };
  } catch (err) {
    const logTail = tail(logFile);
    await stop();
    const error = new Error(`${(err as Error).message}${logTail ? `\n--- ferretdb log ---\n${logTail}` : ''}`, {
      cause: err,
    });
    throw Object.assign(error, { retryable: /address already in use/i.test(logTail) });
  }
}

/**
 * MONGODB_URI if it is set; otherwise builds (cached) and starts FerretDB on a
 * free port, which stop() (or the exit of this process) kills. Its data
 * directory is fresh and deleted with it, unless `dataDir` names one to keep
 * (`npm start`'s), whose data stays for the next start.
 */
export async function ensureFerretDb(options: { dataDir?: string } = {}): Promise<MongoHandle> {
  const external = process.env['MONGODB_URI'];
  if (external) return { uri: external, stop: async () => {} };

  const bin = await buildFerretDb();
  for (let attempt = 1; ; attempt++) {
    try {
      const handle = await startFerretDbOnce(bin, options.dataDir);
      log(`FerretDB is up at ${handle.uri}`);
      return handle;
    } catch (err) {
      // Another process may have taken the port between freePort() and the listen.
      if (attempt < 3 && (err as { retryable?: boolean }).retryable) continue;
      throw err;
    }
  }
}

/** FerretDB of this repository on `dataDir`, started whatever MONGODB_URI says (the tests of infra/ferretdb itself). */
export async function startOwnFerretDb(dataDir: string, options: { synchronous?: 'normal' | 'full' } = {}): Promise<MongoHandle> {
  return startFerretDbOnce(await buildFerretDb(), dataDir, options.synchronous);
}

// ------------------------------------------------------------- Chromium ----

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** A file of Debian's fonts-noto-cjk (Noto Sans CJK, which covers zh-TW). */
const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/**
 * Debian's Chromium for the browser tests (playwright-core drives it; no
 * browser download). Installed with apt-get when missing, as CI machines are
 * fresh; needs root, as on the development machines.
 */
export async function ensureChromium(): Promise<string> {
  const missing = [...(existsSync(CHROMIUM_PATH) ? [] : ['chromium']), ...(existsSync(CJK_FONT_PATH) ? [] : ['fonts-noto-cjk'])];
  if (missing.length === 0) return CHROMIUM_PATH;
  // Without a CJK font every zh-TW word in a screenshot is a row of boxes.
  log(`installing Debian's ${missing.join(' and ')} for the browser tests and screenshots (apt-get, takes a minute)`);
  // Two test runs on one machine may both find it missing: wait for the other's dpkg lock rather than fail.
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=300'];
  await run('apt-get', [...waitForLock, 'update', '-qq']);
  await run('apt-get', [...waitForLock, 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
  if (!existsSync(CJK_FONT_PATH)) throw new Error(`apt-get installed fonts-noto-cjk but ${CJK_FONT_PATH} is missing`);
  log(`${missing.join(' and ')} installed`);
  return CHROMIUM_PATH;
}

// ----------------------------------------------------------------- HTTP ----

/**
 * The status of GET http://host:port/path, or undefined if nothing answers in
 * time. node:http on purpose: fetch() refuses the "bad ports" (6000, …).
 */
export function probeHttp(port: number, pathname: string, timeoutMs = 3000, host = '127.0.0.1'): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: pathname, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
  });
}
