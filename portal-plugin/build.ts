// Builds the web app into dist/: the browser code bundled by esbuild, the
// static pages and stylesheet copied. `turbo build` runs it; the start and
// test commands run it before the gateway serves dist/.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { DIST_DIR, PORTAL_PLUGIN_ROOT, PUBLIC_DIR, TEMPLATES_DIR } from './src/paths.ts';

export async function buildPortalPlugin(): Promise<void> {
  await rm(DIST_DIR, { recursive: true, force: true });
  await mkdir(path.join(PUBLIC_DIR, 'assets'), { recursive: true });
  await mkdir(TEMPLATES_DIR, { recursive: true });
  await build({
    entryPoints: [path.join(PORTAL_PLUGIN_ROOT, 'src', 'web', 'main.ts')],
    outfile: path.join(PUBLIC_DIR, 'assets', 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const statics = path.join(PORTAL_PLUGIN_ROOT, 'static');
  await copyFile(path.join(statics, 'index.html'), path.join(PUBLIC_DIR, 'index.html'));
  await copyFile(path.join(statics, 'app.css'), path.join(PUBLIC_DIR, 'assets', 'app.css'));
  await copyFile(path.join(statics, 'tile.css'), path.join(PUBLIC_DIR, 'assets', 'tile.css'));
  await copyFile(path.join(statics, 'tile.html'), path.join(TEMPLATES_DIR, 'tile.html'));
}

if (import.meta.main) {
  await buildPortalPlugin();
  console.log(`portal-plugin built into ${path.relative(process.cwd(), DIST_DIR) || DIST_DIR}`);
}
