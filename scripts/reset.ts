// `npm run reset`: deletes the data `npm start` keeps between starts
// (START_DATA_DIR, default .data/: FerretDB's files, so every form, person
// and setting made since). Refuses while `npm start` runs on that data, and
// a folder that holds more than data (the repository, home, /). Stops the
// FerretDB a killed `npm start` left running on it before deleting.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dataDir, dataDirProblem, lockDataDir, shownDir, stopLeftoverFerretDb } from './lib/data-dir.ts';

const say = (message: string) => console.log(`[reset] ${message}`);
const dir = dataDir();
const shown = shownDir(dir);

const problem = dataDirProblem(dir);
if (problem) {
  say(`${problem} Nothing was deleted.`);
  process.exit(2);
}

if (!existsSync(dir)) {
  say(`nothing to reset: ${shown} does not exist`);
  process.exit(0);
}
// Held while deleting, so an `npm start` beginning meanwhile refuses rather than start on half a folder.
const lock = lockDataDir(dir, 'reset');
if ('heldBy' in lock) {
  say(
    `\`npm ${lock.heldBy.command === 'start' ? 'start' : 'run reset'}\` (pid ${lock.heldBy.pid}) is using ${shown}; stop it first (Ctrl-C). Nothing was deleted.`,
  );
  process.exit(1);
}
await stopLeftoverFerretDb(dir, lock.stale, say);
await rm(dir, { recursive: true, force: true });
say(`deleted ${shown}: every form, person and setting stored by \`npm start\` is gone; the next \`npm start\` seeds the demo data again.`);
