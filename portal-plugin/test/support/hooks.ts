// Root hooks of the portal-plugin's tests (loaded first, see .mocharc.json):
// what the browser journeys started — the whole system, Chromium — is stopped
// once, after every test of the run. Neither is started unless a test asks.
import { closeTheBrowser } from './browser.ts';
import { stopTheSystem } from './system.ts';

after(async function () {
  this.timeout(60_000);
  await closeTheBrowser();
  await stopTheSystem();
});
