// Root hooks of the portal-plugin's tests (loaded first, see .mocharc.json):
// a failed test prints what the whole system logged meanwhile (warnings and
// errors of every process); what the browser journeys started — the whole
// system, Chromium — is stopped once, after every test of the run. Neither is
// started unless a test asks.
import { closeTheBrowser } from './browser.ts';
import { startedSystem, stopTheSystem } from './system.ts';

let logged = 0;

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
