// Mocha reporter for every workspace package (see each `.mocharc.json`).
//
// Prints exactly what mocha's built-in `spec` reporter prints and, when the run
// ends, writes `{ package, passes, failures, pending }` to
// `$TEST_SUMMARY_DIR/<package name, "/" replaced by "__">.json` so that
// `scripts/test.ts` can add up the whole monorepo. The summary also names each
// failed test with the first lines of its error: CI keeps the tail of a run's
// output, and the tail is where the failures must be read. Without TEST_SUMMARY_DIR (a
// plain `npx mocha` in a package) it is just the spec reporter.
//
// Mocha loads reporters with `require()`; Node 24 strips the types and
// `require()`s this ES module, whose default export mocha unwraps.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface TestSummary {
  package: string;
  passes: number;
  failures: number;
  pending: number;
  /** Each failed test (or hook): its full title and the start of its error. */
  failed: { title: string; error: string }[];
}

/** Lines of an error kept in the summary: the message and where it was thrown. */
const ERROR_LINES = 6;

export function describeFailure(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return text.split('\n').slice(0, ERROR_LINES).join('\n');
}

export function summaryFileName(packageName: string): string {
  return `${packageName.replaceAll('/', '__')}.json`;
}

/** Name of the package under test: npm's own variable, else ./package.json. */
export function packageName(cwd: string = process.cwd()): string {
  const fromNpm = process.env['npm_package_name'];
  if (fromNpm) return fromNpm;
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string' && pkg.name) return pkg.name;
  } catch {
    // no package.json: fall through to the directory name
  }
  return path.basename(cwd);
}

export default class WebitrReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const dir = process.env['TEST_SUMMARY_DIR'];
    if (!dir) return;
    const failed: TestSummary['failed'] = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, err: unknown) => {
      failed.push({ title: test.fullTitle(), error: describeFailure(err) });
    });
    // Registered after Spec's own listener, so the epilogue is printed first.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = this.stats;
      const summary: TestSummary = {
        package: packageName(),
        passes: stats.passes,
        failures: stats.failures,
        pending: stats.pending,
        failed,
      };
      // Synchronous on purpose: `exit: true` makes mocha exit right after this.
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, summaryFileName(summary.package)), `${JSON.stringify(summary)}\n`);
    });
  }
}
