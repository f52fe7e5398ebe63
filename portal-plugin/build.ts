// Builds the web app into dist/: Vite bundles the React app (hashed files
// under public/assets/, index.html), the unhashed stylesheets the gateway's
// own pages and the portal tile link to are copied, the tile's script is
// built on its own (/assets/tile.js), and the home page's
// initial JavaScript is measured against its budget. `turbo build` runs it;
// the start and test commands run it before the gateway serves dist/.
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import type { InlineConfig } from 'vite';
import { INITIAL_JS_BUDGET_KB, measureInitialJs } from './src/bundle-budget.ts';
import type { InitialJs, Manifest } from './src/bundle-budget.ts';
import { DIST_DIR, MANIFEST_FILE, PORTAL_PLUGIN_ROOT, PUBLIC_DIR, TEMPLATES_DIR } from './src/paths.ts';

const WEB_DIR = path.join(PORTAL_PLUGIN_ROOT, 'src', 'web');

/** Vite's settings for the app (no vite.config file: this is the only place). */
export const viteConfig = (): InlineConfig => ({
  configFile: false,
  mode: 'production',
  root: WEB_DIR,
  base: '/',
  logLevel: 'warn',
  plugins: [react()],
  // No public/ folder: the unhashed files are copied below, by name.
  publicDir: false,
  build: {
    outDir: PUBLIC_DIR,
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill would be an inline <script>, which the gateway's CSP (script-src 'self') refuses; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // The entry keeps a recognisable name (the gateway tests look for /assets/app-…js); every file name carries its content hash.
        entryFileNames: 'assets/app-[hash].js',
      },
    },
  },
});

/**
 * The portal tile's script, built on its own (it is not part of the app and
 * must not be in its manifest or budget): one small module, unhashed and
 * briefly cached like tile.css, at /assets/tile.js, which tile.html names.
 */
export const tileViteConfig = (): InlineConfig => ({
  configFile: false,
  mode: 'production',
  root: WEB_DIR,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: path.join(PUBLIC_DIR, 'assets'),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: path.join(WEB_DIR, 'tile', 'tile.ts'),
      output: { format: 'es', entryFileNames: 'tile.js' },
    },
  },
});

export async function buildPortalPlugin(): Promise<InitialJs> {
  await rm(DIST_DIR, { recursive: true, force: true });
  // Vite and the React plugin take NODE_ENV over the mode: under `npm test` (NODE_ENV=test) they would build React's development code.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build(viteConfig());
    await build(tileViteConfig());
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await rename(path.join(PUBLIC_DIR, '.vite', 'manifest.json'), MANIFEST_FILE);
  await rm(path.join(PUBLIC_DIR, '.vite'), { recursive: true, force: true });
  await mkdir(TEMPLATES_DIR, { recursive: true });
  // Unhashed, short-cached: the gateway's refusal pages (gateway/src/http/pages.ts) link /assets/app.css, the tile /assets/tile.css.
  await copyFile(path.join(WEB_DIR, 'styles', 'app.css'), path.join(PUBLIC_DIR, 'assets', 'app.css'));
  const statics = path.join(PORTAL_PLUGIN_ROOT, 'static');
  await copyFile(path.join(statics, 'tile.css'), path.join(PUBLIC_DIR, 'assets', 'tile.css'));
  await copyFile(path.join(statics, 'tile.html'), path.join(TEMPLATES_DIR, 'tile.html'));

  const manifest = JSON.parse(await readFile(MANIFEST_FILE, 'utf8')) as Manifest;
  const initial = measureInitialJs(manifest, PUBLIC_DIR);
  console.log(initial.line);
  if (initial.overBudget)
    throw new Error(
      `the home page's initial JavaScript is ${initial.kb.toFixed(1)} KB gzipped, over the budget of ${INITIAL_JS_BUDGET_KB} KB (${initial.files.join(', ')}): load more on demand`,
    );
  return initial;
}

if (import.meta.main) {
  await buildPortalPlugin();
  console.log(`portal-plugin built into ${path.relative(process.cwd(), DIST_DIR) || DIST_DIR}`);
}
