// The home page's initial JavaScript, from Vite's manifest: what a phone
// must download before the first screen, kept under a budget (issue 14).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** At most this much gzipped JavaScript before the home page shows. */
export const INITIAL_JS_BUDGET_KB = 150;

/** The part of a Vite manifest entry the budget reads. */
export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/**
 * The files loaded before the app runs: the HTML entry's chunk and every
 * chunk it imports statically, transitively. Dynamic imports (lazy pages)
 * are left out: they load on demand.
 */
export function initialJsFiles(manifest: Manifest, entry = 'index.html'): string[] {
  const start = manifest[entry];
  if (!start?.isEntry) throw new Error(`the manifest has no entry ${entry}`);
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest names ${key} but has no entry for it`);
    files.push(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  return files;
}

/** Gzipped size (level 9, as a server would send it) of each file, summed, in bytes. */
export function gzippedBytes(files: readonly string[], read: (file: string) => Buffer): number {
  return files.reduce((sum, file) => sum + gzipSync(read(file), { level: 9 }).length, 0);
}

export interface InitialJs {
  files: string[];
  bytes: number;
  kb: number;
  line: string;
  overBudget: boolean;
}

/** The initial JS of a build in `publicDir` described by `manifest`, and the line the build prints. */
export function measureInitialJs(manifest: Manifest, publicDir: string, budgetKb = INITIAL_JS_BUDGET_KB): InitialJs {
  const files = initialJsFiles(manifest);
  const bytes = gzippedBytes(files, (file) => readFileSync(path.join(publicDir, file)));
  const kb = bytes / 1024;
  return { files, bytes, kb, line: `initial JS: ${kb.toFixed(1)} KB gz`, overBudget: kb > budgetKb };
}
