import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { RequestHandler } from 'express';

export interface PortalPluginFiles {
  publicDir: string;
  templatesDir: string;
  /** Files under assets/ whose names carry a hash of their content (from Vite's manifest): they never change, so they are cached for good. */
  hashedAssets: ReadonlySet<string>;
}

/** An entry of Vite's manifest (dist/manifest.json), the fields naming files. */
interface ManifestEntry {
  file: string;
  css?: string[];
  assets?: string[];
}

/** The portal-plugin's built files; the gateway refuses to start without them. */
export function portalPluginFiles(dist: string): PortalPluginFiles {
  const publicDir = path.join(dist, 'public');
  const templatesDir = path.join(dist, 'templates');
  const manifestFile = path.join(dist, 'manifest.json');
  for (const file of [path.join(publicDir, 'index.html'), manifestFile, path.join(templatesDir, 'tile.html')]) {
    if (!existsSync(file))
      throw new Error(`the portal-plugin is not built (${file} is missing): run \`npm run build -w @webitr/portal-plugin\``);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestEntry>;
  const hashedAssets = new Set(
    Object.values(manifest)
      .flatMap((entry) => [entry.file, ...(entry.css ?? []), ...(entry.assets ?? [])])
      .filter((file) => file.startsWith('assets/'))
      .map((file) => file.slice('assets/'.length)),
  );
  return { publicDir, templatesDir, hashedAssets };
}

/**
 * Stylesheets and scripts: open to every zone (a refusal page needs its
 * stylesheet). The app's hashed files are immutable (a new build has new
 * names, and index.html, never cached, names them); the few unhashed ones
 * (app.css for the gateway's pages, tile.css) are cached briefly.
 */
export function assetRoutes(files: PortalPluginFiles): RequestHandler {
  return express.static(path.join(files.publicDir, 'assets'), {
    index: false,
    maxAge: '10m',
    fallthrough: true,
    redirect: false,
    setHeaders: (res, file) => {
      if (files.hashedAssets.has(path.basename(file))) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
}

/** The web app: index.html for every page (deep links such as /leave/apply included). */
export function webAppRoutes(files: PortalPluginFiles): RequestHandler {
  const index = path.join(files.publicDir, 'index.html');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // `/metrics` is no page either: a scraper pointed at the public port gets a 404, not the app (metrics are on METRICS_PORT).
    if (/^\/(api|sso|assets|tile|metrics)(\/|$)/.test(req.path) || req.path === '/logout') return next();
    if (req.accepts(['html', 'json']) !== 'html') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
}
