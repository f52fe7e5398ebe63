// The data `npm start` keeps between starts (FerretDB's SQLite files), in a
// git-ignored folder: `.data/` at the repository root, or START_DATA_DIR.
// A lock file in it says which process uses it, so a second `npm start` and
// `npm run reset` refuse while the system runs.
import { existsSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './infra.ts';

export const dataDir = (): string => path.resolve(ROOT, process.env['START_DATA_DIR'] || '.data');
export const ferretDbDataDir = (dir: string): string => path.join(dir, 'ferretdb');

/** The path with its symbolic links resolved, as far as it exists. */
function real(p: string): string {
  const resolved = path.resolve(p);
  try {
    return realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(real(parent), path.basename(resolved));
  }
}

/** Whether `folder` is `other` or contains it. */
const holds = (folder: string, other: string): boolean => {
  const relative = path.relative(folder, other);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * Why `dir` must not be the data folder, if it must not: `npm run reset`
 * deletes the folder with everything in it, so it may not be the filesystem
 * root, the repository or a folder holding it, or the home directory or a
 * folder holding it. Symbolic links count as what they point at.
 */
export function dataDirProblem(dir: string, places: { root?: string; home?: string } = {}): string | undefined {
  const target = real(dir);
  const root = real(places.root ?? ROOT);
  const home = real(places.home ?? os.homedir());
  const what =
    path.parse(target).root === target
      ? 'the filesystem root'
      : holds(target, root)
        ? target === root
          ? 'the repository itself'
          : 'a folder holding the repository'
        : holds(target, home)
          ? target === home
            ? 'the home directory'
            : 'a folder holding the home directory'
          : undefined;
  return (
    what &&
    `START_DATA_DIR=${process.env['START_DATA_DIR'] ?? ''} is ${what} (${target}), and \`npm run reset\` deletes the data folder with everything in it; name a folder of its own, such as .data (the default).`
  );
}

/** `.data/` inside the repository, the absolute path elsewhere. */
export function shownDir(dir: string): string {
  const relative = path.relative(ROOT, dir);
  return `${relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir}/`;
}

/** Who holds the folder: the script (`start`, `reset`) and, for `start`, the FerretDB it runs. */
export interface LockRecord {
  pid: number;
  command: 'start' | 'reset';
  ferretdbPid?: number;
}

const lockPath = (dir: string) => path.join(dir, 'lock.json');

function cmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` runs and is what we expect there. Where /proc can be read the
 * command line must mention `expected`, so a pid the system handed on to
 * another program after a crash does not count.
 */
export function isRunning(pid: number, expected: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!existsSync('/proc/self/cmdline')) return true;
  return cmdline(pid)?.includes(expected) ?? false;
}

function read(dir: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

/** The live holder of the folder, if any. */
export function holder(dir: string): LockRecord | undefined {
  const record = read(dir);
  return record && isRunning(record.pid, `scripts/${record.command}.ts`) ? record : undefined;
}

export interface DataLock {
  /** A holder that is gone without releasing the lock (killed), if there was one: its FerretDB may still run. */
  stale: LockRecord | undefined;
  update(fields: Partial<LockRecord>): void;
  release(): void;
}

/**
 * Stops the FerretDB of a `npm start` that was killed before it could (it runs
 * in a process group of its own, so it outlives the script): SIGTERM, then
 * SIGKILL if it still runs after 10 s; returns once it is gone. A pid that no longer runs FerretDB on
 * this folder is left alone.
 */
export async function stopLeftoverFerretDb(dir: string, stale: LockRecord | undefined, say: (message: string) => void): Promise<void> {
  const leftover = stale?.ferretdbPid;
  const running = () => leftover !== undefined && isRunning(leftover, ferretDbDataDir(dir));
  if (!running()) return;
  say(`FerretDB (pid ${leftover}) of an earlier \`npm start\` that was killed still runs on this data; stopping it`);
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(leftover!, name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 40 && running(); i += 1) await sleep(250);
  if (!running()) return;
  signal('SIGKILL');
  for (let i = 0; i < 40 && running(); i += 1) await sleep(50);
}

/** Takes the folder for this process, or says who holds it. */
export function lockDataDir(dir: string, command: LockRecord['command']): DataLock | { heldBy: LockRecord } {
  const mine: LockRecord = { pid: process.pid, command };
  let stale: LockRecord | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(lockPath(dir), JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const current = holder(dir);
      if (current) return { heldBy: current };
      stale = read(dir);
      unlinkSync(lockPath(dir));
    }
  }
  const release = () => {
    if (read(dir)?.pid === process.pid) unlinkSync(lockPath(dir));
  };
  process.once('exit', release);
  return {
    stale,
    update: (fields) => writeFileSync(lockPath(dir), JSON.stringify(Object.assign(mine, fields))),
    release: () => {
      process.off('exit', release);
      release();
    },
  };
}
