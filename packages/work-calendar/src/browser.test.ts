import { expect } from 'chai';
import { build } from 'esbuild';

/** Bundle `import … from specifier` for browsers, as the web app's bundler would: the inputs, or the errors. */
async function bundleForBrowser(specifier: string): Promise<{ inputs: string[]; errors: string[] }> {
  try {
    const result = await build({
      stdin: { contents: `export * from '${specifier}';`, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return { inputs: Object.keys(result.metafile.inputs), errors: [] };
  } catch (error) {
    return { inputs: [], errors: ((error as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text) };
  }
}

describe('@webitr/work-calendar/browser', () => {
  it('bundles for the browser: no node: module anywhere in its imports', async () => {
    const { inputs, errors } = await bundleForBrowser('@webitr/work-calendar/browser');
    expect(errors).to.deep.equal([]);
    expect(inputs.some((i) => i.endsWith('date-input.ts'))).to.equal(true);
    expect(inputs.filter((i) => i.startsWith('node:') || i.includes('national-calendar'))).to.deep.equal([]);
  });

  it('is a check that can fail: the package entry, which reads the shipped calendars with node:fs, does not bundle', async () => {
    const { errors } = await bundleForBrowser('@webitr/work-calendar');
    expect(errors.join('\n')).to.match(/node:fs/);
  });

  it('gives the same fields as the entry', async () => {
    const browser = await import('@webitr/work-calendar/browser');
    expect(browser.dateField('起日').safeParse('115-12-23')).to.deep.include({ success: true, data: '2026-12-23' });
    expect(browser.formatRocDateWithWeekday('2024-08-20')).to.equal('113-08-20 (二)');
  });
});
