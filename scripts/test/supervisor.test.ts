// The supervisor of `npm start`'s processes, on a process that keeps failing:
// restarts with a doubling, capped back-off, each logged with how it ended; a
// crash loop reported with the process's last lines; stop() ends it for good.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { Supervisor } from '../lib/supervisor.ts';

describe('the supervisor of npm start', function () {
  this.timeout(60_000);

  it('restarts a process that exits, backing off up to the cap, and reports a crash loop with its last lines', async () => {
    const said: string[] = [];
    let starts = 0;
    const supervisor = new Supervisor(
      'flaky',
      () =>
        spawn(process.execPath, ['-e', 'console.log("connecting to the store"); console.error("boom: store refused"); process.exit(3)'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      { line: () => {}, say: (message) => said.push(message), started: () => (starts += 1) },
      { firstDelayMs: 10, maxDelayMs: 40, healthyAfterMs: 60_000, crashLoopAfter: 4 },
    );
    supervisor.start();
    await eventually(() => (said.some((m) => m.includes('CRASH LOOP')) ? true : undefined), 'the crash loop report', 30_000);
    await supervisor.stop(1_000);
    const restarts = said.filter((m) => m.startsWith('flaky stopped unexpectedly'));
    expect(restarts.slice(0, 4)).to.deep.equal([
      'flaky stopped unexpectedly (exit code 3); restarting it in 10 ms (restart 1)',
      'flaky stopped unexpectedly (exit code 3); restarting it in 20 ms (restart 2, crash 2 in a row)',
      'flaky stopped unexpectedly (exit code 3); restarting it in 40 ms (restart 3, crash 3 in a row)',
      'flaky stopped unexpectedly (exit code 3); restarting it in 40 ms (restart 4, crash 4 in a row)',
    ]);
    const report = said.find((m) => m.includes('CRASH LOOP'))!;
    expect(report)
      .to.contain('flaky is in a CRASH LOOP: it stopped 4 times in a row')
      .and.contain('(last: exit code 3)')
      .and.contain('boom: store refused');
    // Stopped: no restart after stop().
    const after = starts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(starts).to.equal(after);
  });

  it('stops a running process with SIGTERM and does not start it again', async () => {
    const said: string[] = [];
    const supervisor = new Supervisor(
      'steady',
      () =>
        spawn(
          process.execPath,
          [
            '-e',
            'process.on("SIGTERM", () => { console.log("draining"); process.exit(0); }); console.log("up"); setInterval(() => {}, 1000);',
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        ),
      { line: (line) => said.push(line), say: (message) => said.push(message) },
    );
    supervisor.start();
    await eventually(() => (said.includes('up') ? true : undefined), 'the process to start');
    const pid = supervisor.pid!;
    await supervisor.stop(5_000);
    await eventually(() => (said.includes('draining') ? true : undefined), 'its last line');
    expect(() => process.kill(pid, 0)).to.throw();
    expect(said.filter((m) => m.includes('stopped unexpectedly'))).to.deep.equal([]);
  });
});
