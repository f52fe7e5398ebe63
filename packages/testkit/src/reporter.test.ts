import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, summaryFileName, type TestSummary } from './reporter.ts';

describe('testkit/reporter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'webitr-reporter-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names summary files after the package, without slashes', () => {
    expect(summaryFileName('@webitr/platform')).to.equal('@webitr__platform.json');
  });

  it('is loaded by mocha by module id, prints like `spec` and writes the summary', () => {
    writeFileSync(
      path.join(dir, 'fixture.test.mjs'),
      [
        "describe('fixture suite', () => {",
        "  it('passes once', () => {});",
        "  it('passes twice', () => {});",
        "  it('fails', () => { throw new Error('expected failure'); });",
        "  it.skip('is skipped', () => {});",
        '});',
      ].join('\n'),
    );
    const summaries = path.join(dir, 'summaries');
    const mocha = fileURLToPath(import.meta.resolve('mocha/bin/mocha.js'));
    const result = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', '@webitr/testkit/reporter', 'fixture.test.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TEST_SUMMARY_DIR: summaries, npm_package_name: '@fixture/pkg', NO_COLOR: '1' },
    });

    expect(result.status, result.stderr).to.equal(1); // one failing test
    expect(result.stdout).to.contain('fixture suite');
    expect(result.stdout).to.match(/2 passing/);
    expect(result.stdout).to.match(/1 failing/);
    expect(result.stdout).to.match(/1 pending/);
    expect(result.stdout).to.contain('expected failure');
    expect(readdirSync(summaries)).to.deep.equal(['@fixture__pkg.json']);
    const summary = JSON.parse(readFileSync(path.join(summaries, '@fixture__pkg.json'), 'utf8')) as TestSummary;
    expect(summary).to.deep.include({ package: '@fixture/pkg', passes: 2, failures: 1, pending: 1 });
    // The failed test by its full title, with the error's message and where it was thrown.
    expect(summary.failed).to.have.length(1);
    expect(summary.failed[0]!.title).to.equal('fixture suite fails');
    expect(summary.failed[0]!.error).to.match(/^Error: expected failure\n\s+at .*fixture\.test\.mjs/);
  });

  it('keeps the first lines of an error, and describes a thrown non-error', () => {
    const err = new Error('deep');
    err.stack = ['Error: deep', ...Array.from({ length: 20 }, (_, i) => `    at frame${i}`)].join('\n');
    const described = describeFailure(err).split('\n');
    expect(described).to.have.length(6);
    expect(described[0]).to.equal('Error: deep');
    expect(describeFailure('a string')).to.equal('a string');
  });
});
