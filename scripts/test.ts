// `npm test`: typecheck, lint and test every workspace package through turbo,
// against real Redis, RabbitMQ and MongoDB (FerretDB unless MONGODB_URI is set).
//
// Extra arguments go to turbo, e.g. `npm test -- --filter=@webitr/platform`.
// Each package's mocha run writes a summary to TEST_SUMMARY_DIR (see
// packages/testkit/src/reporter.ts); the totals are the last line printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_AMQP_URL,
  DEFAULT_REDIS_URL,
  ROOT,
  ensureChromium,
  ensureFerretDb,
  ensureRabbitMQ,
  ensureRedis,
  type MongoHandle,
} from './lib/infra.ts';
import type { TestSummary } from '@webitr/testkit/reporter';

type Summary = TestSummary;

const BIN = path.join(ROOT, 'node_modules', '.bin');
const summaryDir = mkdtempSync(path.join(os.tmpdir(), 'webitr-test-summary-'));

process.env['NODE_ENV'] = 'test';
process.env['WEBITR_NAMESPACE'] = `t${randomBytes(4).toString('hex')}`;
process.env['TEST_SUMMARY_DIR'] = summaryDir;
// Tasks (npm, mocha, tsc, eslint) must run on the repository's Node 24.
process.env['PATH'] = [BIN, process.env['PATH']].filter(Boolean).join(path.delimiter);
process.env['TURBO_TELEMETRY_DISABLED'] ??= '1';

let mongo: MongoHandle | undefined;
let turbo: ChildProcess | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await mongo?.stop().catch((err: Error) => console.error(`[test] stopping FerretDB: ${err.message}`));
    await rm(summaryDir, { recursive: true, force: true });
  })());
}

/** Stops turbo and waits (bounded) until it and its tasks are gone. */
async function stopTurbo(): Promise<void> {
  const child = turbo;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // turbo's npm wrapper ignores SIGINT (it expects the terminal to send it to
  // the whole process group) but passes SIGTERM on, and turbo then stops its tasks.
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

let interrupted: NodeJS.Signals | undefined;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    console.error(`\n[test] ${signal}: stopping`);
    if (turbo && turbo.exitCode === null && turbo.signalCode === null) {
      // main() carries on once turbo is gone: it reports what ran and cleans up.
      void stopTurbo();
    } else {
      void cleanup().finally(() => process.exit(128 + os.constants.signals[signal]));
    }
  });
}

async function readSummaries(): Promise<Summary[]> {
  const summaries: Summary[] = [];
  for (const name of (await readdir(summaryDir)).filter((n) => n.endsWith('.json')).sort()) {
    try {
      summaries.push(JSON.parse(await readFile(path.join(summaryDir, name), 'utf8')) as Summary);
    } catch (err) {
      console.error(`[test] unreadable summary ${name}: ${(err as Error).message}`);
    }
  }
  return summaries.sort((a, b) => a.package.localeCompare(b.package));
}

function table(summaries: Summary[]): string {
  const head = ['package', 'passed', 'failed', 'skipped'];
  const rows = summaries.map((s) => [s.package, String(s.passes), String(s.failures), String(s.pending)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The failed tests again, after the table: the end of the output is what CI keeps. */
function failureList(failed: (TestSummary['failed'][number] & { package: string })[]): string {
  return failed.map((f, i) => [`${i + 1}) ${f.package}: ${f.title}`, ...f.error.split('\n').map((l) => `     ${l}`)].join('\n')).join('\n');
}

function runTurbo(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(BIN, 'turbo'),
      [
        'run',
        'typecheck',
        'lint',
        'format:check',
        'test',
        'check:scripts',
        'test:scripts',
        '--concurrency=2',
        '--output-logs=full',
        '--continue',
        ...args,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    turbo = child;
    child.once('error', (err) => {
      console.error(`[test] could not start turbo: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 1)));
  });
}

async function main(): Promise<number> {
  console.log(`[test] namespace ${process.env['WEBITR_NAMESPACE']}`);
  const [redis, rabbit, ferret, chromium] = await Promise.allSettled([ensureRedis(), ensureRabbitMQ(), ensureFerretDb(), ensureChromium()]);
  if (ferret.status === 'fulfilled') mongo = ferret.value;
  const failed = [redis, rabbit, ferret, chromium].filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    const problems = failed.map((r) => `infrastructure: ${(r.reason as Error).message}`);
    await cleanup();
    return finish({ passes: 0, failures: 0, pending: 0 }, problems);
  }
  process.env['MONGODB_URI'] = mongo!.uri;
  process.env['AMQP_URL'] ||= DEFAULT_AMQP_URL;
  process.env['REDIS_URL'] ||= DEFAULT_REDIS_URL;

  if (interrupted) return 128 + os.constants.signals[interrupted];
  const turboCode = await runTurbo(process.argv.slice(2));
  const summaries = await readSummaries();
  await cleanup();

  const total = summaries.reduce(
    (t, s) => ({ passes: t.passes + s.passes, failures: t.failures + s.failures, pending: t.pending + s.pending }),
    { passes: 0, failures: 0, pending: 0 },
  );
  console.log('');
  if (summaries.length > 0) console.log(table(summaries));
  const failedTests = summaries.flatMap((s) => s.failed.map((f) => ({ ...f, package: s.package })));
  if (failedTests.length > 0) console.log(`\n${failureList(failedTests)}`);
  const problems: string[] = [];
  if (turboCode !== 0) problems.push(`turbo exited with code ${turboCode} (see the failed tasks above)`);
  if (total.failures > 0) problems.push(`${total.failures} test(s) failed`);
  if (total.passes + total.failures === 0) problems.push('no test ran at all');
  if (interrupted) {
    problems.push(`interrupted by ${interrupted}`);
    finish(total, problems);
    return 128 + os.constants.signals[interrupted];
  }
  return finish(total, problems);
}

/** Prints the problems and, last, the totals line; returns the exit code. */
function finish(total: Pick<Summary, 'passes' | 'failures' | 'pending'>, problems: string[]): number {
  for (const p of problems) console.log(`[test] FAILED: ${p}`);
  console.log(`Tests: ${total.passes} passed, ${total.failures} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  return problems.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  await cleanup();
  console.error(`[test] ${(err as Error).stack ?? String(err)}`);
  process.exitCode = finish({ passes: 0, failures: 0, pending: 0 }, ['scripts/test.ts crashed (see above)']);
} finally {
  await cleanup();
}
