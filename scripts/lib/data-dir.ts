// The data `npm start` keeps between starts (FerretDB's SQLite files), in a
// git-ignored folder: `.data/` at the repository root, or START_DATA_DIR.
// A lock file in it says which process uses it, so a second `npm start` and
// `npm run reset` refuse while the system runs.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './infra.ts';

export const dataDir = (): string => path.resolve(ROOT, process.env['START_DATA_DIR'] || '.data');
export const ferretDbDataDir = (dir: string): string => path.join(dir, 'ferretdb');

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
