// Root hooks of the portal-plugin's tests (loaded first, see .mocharc.json):
// a failed test prints what the whole system logged meanwhile (warnings and
// errors of every process); what the browser journeys started — the whole
// system, Chromium — is stopped once, after every test of the run. Neither is
// started unless a test asks.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildPortalPlugin } from '../../build.ts';
import { PUBLIC_DIR } from '../../src/paths.ts';
import { closeTheBrowser } from './browser.ts';
import { startedSystem, stopTheSystem } from './system.ts';

let logged = 0;

before(async function () {
  this.timeout(120_000);
  // `npm test` (turbo) builds the web app before these tests, once for the run; a direct `mocha` run builds it
  // here if it is missing — after changing the app, `npm run build -w @webitr/portal-plugin` first.
  if (!existsSync(path.join(PUBLIC_DIR, 'index.html'))) await buildPortalPlugin();
});

beforeEach(() => {
  logged = startedSystem()?.output().length ?? 0;
});

afterEach(function () {
  const system = startedSystem();
  if (this.currentTest?.state !== 'failed' || !system) return;
  const during = system.output().slice(logged).trim();
  console.log(`      [browser tests] the system logged during this test:\n${during || '(nothing)'}`);
});

after(async function () {
  this.timeout(60_000);
  await closeTheBrowser();
  await stopTheSystem();
});
