import path from 'node:path';

/** Where `npm run build -w @webitr/portal-plugin` puts the web app; the gateway serves it. */
export const PORTAL_PLUGIN_ROOT = path.resolve(import.meta.dirname, '..');
export const DIST_DIR = path.join(PORTAL_PLUGIN_ROOT, 'dist');
/** Served as is: index.html and assets/. */
export const PUBLIC_DIR = path.join(DIST_DIR, 'public');
/** Filled in by the gateway: tile.html ({{ORIGIN}}, {{PORTAL}}, {{PORTAL_NAME}}). */
export const TEMPLATES_DIR = path.join(DIST_DIR, 'templates');
/** Vite's manifest of the build (outside public/, not served): which assets are content-hashed, and what the home page loads first. */
export const MANIFEST_FILE = path.join(DIST_DIR, 'manifest.json');
