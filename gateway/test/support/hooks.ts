// Root hooks for the gateway's tests (loaded first, see .mocharc.json).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST_DIR } from '@webitr/portal-plugin/paths';
import { buildPortalPlugin } from '@webitr/portal-plugin/build';
import { stopAll } from './world.ts';

before(async function () {
  this.timeout(60_000);
  // turbo builds the portal-plugin before these tests; a direct `mocha` run builds it here.
  if (!existsSync(path.join(DIST_DIR, 'public', 'index.html'))) await buildPortalPlugin();
});

after(async function () {
  this.timeout(60_000);
  await stopAll();
});
