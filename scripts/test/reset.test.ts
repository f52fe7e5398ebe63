// `npm run reset` deletes only a data folder, and never under a running
// FerretDB: a folder that holds the repository or the home directory (or is
// /) is refused, by reset and start alike; the FerretDB a killed `npm start`
// left running on the folder is stopped before anything is deleted.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { dataDirProblem, ferretDbDataDir, isRunning } from '../lib/data-dir.ts';
import type { LockRecord } from '../lib/data-dir.ts';
import { ROOT } from '../lib/infra.ts';

/** Runs a script of scripts/ to its end; its exit code and everything it printed. */
function runScript(name: 'reset' | 'start', env: NodeJS.ProcessEnv): { code: number | null; output: string } {
  const { MONGODB_URI: _mongo, ...rest } = process.env;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', `${name}.ts`)], {
    cwd: ROOT,
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('the data folder of npm start and npm run reset', function () {
  this.timeout(60_000);
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'webitr-reset-'));
  });

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  describe('which folders may hold the data', () => {
    it('refuses the filesystem root, the repository and what holds it, the home directory and what holds it', async () => {
      const root = path.join(scratch, 'home', 'dev', 'webitr');
      const home = path.join(scratch, 'home', 'dev');
      await mkdir(root, { recursive: true });
      await symlink(root, path.join(scratch, 'link-to-repo'));
      const problem = (dir: string) => dataDirProblem(dir, { root, home });
      expect(problem('/')).to.contain('is the filesystem root');
      expect(problem(root)).to.contain('is the repository itself');
      expect(problem(`${root}/`)).to.contain('is the repository itself');
      expect(problem(path.join(root, 'services', '..'))).to.contain('is the repository itself');
      expect(problem(path.join(scratch, 'link-to-repo'))).to.contain('is the repository itself');
      expect(problem(home)).to.contain('is a folder holding the repository');
      expect(problem(scratch)).to.contain('is a folder holding the repository');
      const elsewhere = path.join(scratch, 'repo');
      expect(dataDirProblem(home, { root: elsewhere, home })).to.contain('is the home directory');
      expect(dataDirProblem(path.dirname(home), { root: elsewhere, home })).to.contain('is a folder holding the home directory');
    });

    it('accepts a folder of its own: .data in the repository, one in the home directory, one elsewhere', async () => {
      const root = path.join(scratch, 'home', 'dev', 'webitr');
      const home = path.join(scratch, 'home', 'dev');
      const problem = (dir: string) => dataDirProblem(dir, { root, home });
      expect(problem(path.join(root, '.data'))).to.equal(undefined);
      expect(problem(path.join(home, 'webitr-data'))).to.equal(undefined);
      expect(problem(path.join(scratch, 'data'))).to.equal(undefined);
      // A sibling whose name starts like the repository's is not the repository.
      expect(problem(`${root}-data`)).to.equal(undefined);
    });

    it('npm run reset refuses the home directory with exit code 2 and deletes nothing', async () => {
      const home = path.join(scratch, 'home');
      await mkdir(home);
      await writeFile(path.join(home, 'notes.txt'), 'mine');
      const { code, output } = runScript('reset', { HOME: home, START_DATA_DIR: home });
      expect(code, output).to.equal(2);
      expect(output).to.contain(`[reset] START_DATA_DIR=${home} is the home directory`).and.contain('Nothing was deleted.');
      expect(existsSync(path.join(home, 'notes.txt'))).to.equal(true);
    });

    it('npm start refuses the home directory with exit code 2 before making anything in it', async () => {
      const home = path.join(scratch, 'home');
      await mkdir(home);
      const { code, output } = runScript('start', { HOME: home, START_DATA_DIR: home });
      expect(code, output).to.equal(2);
      expect(output).to.contain(`[start] START_DATA_DIR=${home} is the home directory`);
      expect(existsSync(path.join(home, 'lock.json'))).to.equal(false);
      expect(existsSync(ferretDbDataDir(home))).to.equal(false);
    });
  });

  describe('after npm start was killed (SIGKILL) and its FerretDB still runs', () => {
    let ferret: ChildProcess | undefined;

    afterEach(() => {
      if (ferret?.exitCode === null && ferret.signalCode === null) ferret.kill('SIGKILL');
    });

    it('npm run reset stops that FerretDB, then deletes the folder', async () => {
      const dir = path.join(scratch, 'data');
      await mkdir(ferretDbDataDir(dir), { recursive: true });
      await writeFile(path.join(ferretDbDataDir(dir), 'webitr.sqlite'), '');
      // Stands in for FerretDB: a process whose command line names the folder, in a process group of its own.
      ferret = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)', '--', '-data', ferretDbDataDir(dir)], {
        stdio: 'ignore',
        detached: true,
      });
      const ferretPid = ferret.pid!;
      expect(isRunning(ferretPid, ferretDbDataDir(dir))).to.equal(true);
      // The killed start: its pid runs no more, its lock stays, naming its FerretDB.
      const killedStart = spawnSync(process.execPath, ['-e', '']).pid;
      const lock: LockRecord = { pid: killedStart, command: 'start', ferretdbPid: ferretPid };
      await writeFile(path.join(dir, 'lock.json'), JSON.stringify(lock));

      const { code, output } = runScript('reset', { START_DATA_DIR: dir });
      expect(code, output).to.equal(0);
      expect(output).to.contain(
        `[reset] FerretDB (pid ${ferretPid}) of an earlier \`npm start\` that was killed still runs on this data; stopping it`,
      );
      expect(isRunning(ferretPid, ferretDbDataDir(dir)), 'the leftover FerretDB runs after reset').to.equal(false);
      expect(existsSync(dir)).to.equal(false);
    });
  });
});
