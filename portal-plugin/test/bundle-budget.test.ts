import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { INITIAL_JS_BUDGET_KB, gzippedBytes, initialJsFiles, measureInitialJs } from '../src/bundle-budget.ts';
import type { Manifest } from '../src/bundle-budget.ts';
import { MANIFEST_FILE, PUBLIC_DIR } from '../src/paths.ts';
import { buildPortalPlugin } from '../build.ts';

describe('the home page’s initial JavaScript budget', function () {
  this.timeout(120_000);

  const manifest: Manifest = {
    'index.html': { file: 'assets/app-1.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['pages/approvals.tsx'] },
    '_vendor.js': { file: 'assets/vendor-2.js', imports: ['_shared.js'] },
    '_shared.js': { file: 'assets/shared-3.js', imports: ['_vendor.js'] },
    'pages/approvals.tsx': {
      file: 'assets/approvals-4.js',
      isDynamicEntry: true,
      imports: ['_shared.js', '_forms.js'],
    } as Manifest[string],
    '_forms.js': { file: 'assets/forms-5.js' },
  };

  it('counts the entry and what it imports statically, transitively, once each; never the pages loaded on demand', () => {
    expect(initialJsFiles(manifest)).to.deep.equal(['assets/app-1.js', 'assets/vendor-2.js', 'assets/shared-3.js']);
  });

  it('sums the gzipped size of each file', () => {
    const text = Buffer.from('React '.repeat(1000));
    const one = gzippedBytes(['a'], () => text);
    expect(one).to.be.within(20, 200);
    expect(gzippedBytes(['a', 'b'], () => text)).to.equal(2 * one);
  });

  it('keeps the real build under the budget, with the line the build prints', async () => {
    // turbo builds first (turbo.json); a direct mocha run builds here.
    if (!existsSync(MANIFEST_FILE)) await buildPortalPlugin();
    const built = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
    const initial = measureInitialJs(built, PUBLIC_DIR);
    expect(initial.files[0]).to.match(/^assets\/app-[\w-]+\.js$/);
    expect(initial.line).to.match(/^initial JS: \d+\.\d KB gz$/);
    expect(initial.overBudget, initial.line).to.equal(false);
    expect(initial.kb).to.be.below(INITIAL_JS_BUDGET_KB);
    // The pages are not in it: they load on demand.
    const pages = Object.values(built).filter((c) => c.file.includes('leave-apply'));
    expect(pages).to.have.length(1);
    expect(initial.files).to.not.include(pages[0]!.file);
    // The same measure with a budget below the figure says so (the build then throws).
    expect(measureInitialJs(built, PUBLIC_DIR, initial.kb - 1).overBudget).to.equal(true);
  });
});
