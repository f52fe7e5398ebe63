import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { NETWORK_REFUSAL_CODES } from '@webitr/contracts';
import { configSchema } from '../src/config.ts';

const GATEWAY = path.resolve(import.meta.dirname, '..');

/** Codes the platform answers with on the gateway's behalf (parseInput, body parsers, the directory client, the fallback). */
const PLATFORM_CODES = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_ENCODING',
  'DEPENDENCY_UNREACHABLE',
  'DEPENDENCY_FAILED',
  'SERVICE_SHUTTING_DOWN',
  'PATH_NOT_CANONICAL',
  'STORE_UNAVAILABLE',
  'CACHE_UNAVAILABLE',
  'INTERNAL_ERROR',
];

/** Codes defined in the contracts (shared with the web app) that the gateway's network policy answers with. */
const CONTRACT_CODES: readonly string[] = Object.values(NETWORK_REFUSAL_CODES);

/** The gateway's own sources (not tests). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * Every SCREAMING_SNAKE string literal in the sources (and every one-word
 * `code: '…'`) is taken for a problem code, except the library's own error codes (openid-client's `OAUTH_…`,
 * matched on, never answered) and configuration variable names.
 */
function codesInSources(): Map<string, string> {
  const notCodes = new Set(Object.keys(configSchema.shape));
  const found = new Map<string, string>();
  for (const file of sources(path.join(GATEWAY, 'src'))) {
    // SNAKE_CASE literals anywhere, and one-word codes where they are given as `code: '…'`.
    for (const match of readFileSync(file, 'utf8').matchAll(
      /['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]|\bcode: ['"`]([A-Z][A-Z0-9_]+)['"`]/g,
    )) {
      const code = (match[1] ?? match[2])!;
      if (code.startsWith('OAUTH_') || notCodes.has(code)) continue;
      if (!found.has(code)) found.set(code, path.relative(GATEWAY, file));
    }
  }
  return found;
}

/** The rows of the README's problem code table: code → status. */
function codesInReadme(): Map<string, string> {
  const readme = readFileSync(path.join(GATEWAY, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Problem codes'));
  const table = section.slice(0, section.indexOf('\n## ', 3) === -1 ? undefined : section.indexOf('\n## ', 3));
  return new Map([...table.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('problem codes: every code the gateway answers with is in the README table', () => {
  const listed = codesInReadme();

  it('finds the codes at all (the scan and the table work)', () => {
    expect(codesInSources().size).to.be.above(30);
    expect(listed.size).to.be.above(30);
  });

  it('lists every code in the gateway’s sources, and those the platform answers for it, with its status', () => {
    const missing = [...codesInSources()].filter(([code]) => !listed.has(code)).map(([code, file]) => `${code} (${file})`);
    missing.push(...PLATFORM_CODES.filter((code) => !listed.has(code)).map((code) => `${code} (platform)`));
    missing.push(...CONTRACT_CODES.filter((code) => !listed.has(code)).map((code) => `${code} (contracts)`));
    expect(missing, 'codes missing from the table in gateway/README.md').to.deep.equal([]);
  });

  it('lists no code that nothing answers with any more', () => {
    const known = new Set([...codesInSources().keys(), ...PLATFORM_CODES, ...CONTRACT_CODES]);
    expect([...listed.keys()].filter((code) => !known.has(code))).to.deep.equal([]);
  });
});
