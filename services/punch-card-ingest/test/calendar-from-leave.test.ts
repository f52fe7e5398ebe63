import { expect } from 'chai';
import { ASSERTION_HEADER, databaseName, loadConfig } from '@webitr/platform';
import type { ServiceRuntime } from '@webitr/platform';
import { cleanupNamespace, testServiceConfig } from '@webitr/testkit';
import { configSchema as leaveConfigSchema } from '@webitr/leave/config';
import type { Config as LeaveConfig } from '@webitr/leave/config';
import { start as startLeave } from '@webitr/leave/service';
import { agency, eventually, logger, PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

/**
 * The whole path of a closure declared after the fact: an attendance manager
 * registers it in the leave service, leave publishes `leave.calendar.changed`
 * from its outbox, and the day already computed here is computed again.
 */
describe('a closure declared through leave recomputes attendance (integration)', function () {
  this.timeout(90_000);
  const h = new PunchHarness('calendar-leave');
  let leave: { runtime: ServiceRuntime<LeaveConfig>; url: string };
  let teacher: TestPerson;
  let manager: TestPerson;

  before(async () => {
    await h.start();
    const started = await startLeave(
      loadConfig(
        leaveConfigSchema,
        await testServiceConfig(h.namespace, { DIRECTORY_URL: h.directoryUrl, APPROVAL_URL: 'http://127.0.0.1:9' }),
      ),
      { logger },
    );
    leave = { runtime: started.runtime, url: started.url };
    teacher = await h.person('黃老師', { cards: ['0033334444'] });
    manager = await h.person('人事主任', { manager: true });
  });
  after(async () => {
    await leave?.runtime.lifecycle.shutdown('test over');
    await cleanupNamespace({ namespace: h.namespace, consumers: ['leave'], databases: [databaseName('leave', h.namespace)] });
    await h.stop();
  });

  it('turns a day into 停止上班上課 once the closure is registered in leave, and judges it again (未刷下班卡) when it is removed', async () => {
    h.now = new Date('2024-08-07T07:50:00+08:00');
    expect((await h.as(teacher, 'POST', '/web-punches', { kind: '上班' })).status).to.equal(201);
    // The attendance job computes the day moments after the punch (the day is not over then).
    await h.attendanceDone();
    h.now = new Date('2024-08-08T09:00:00+08:00');
    const result = async () => (await h.ctx.models.days.findById(`${teacher.id}|2024-08-07`).lean())?.result?.code;
    // Nothing has asked since.
    expect(await result()).to.equal('in-progress');

    const callLeave = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(leave.url + path, {
        method,
        headers: {
          [ASSERTION_HEADER]: await h.assertionFor(manager, 'leave'),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, text, body: text ? (JSON.parse(text) as { id: string }) : undefined };
    };
    const declared = await callLeave('POST', `/agencies/${agency}/calendar-entries`, {
      date: '2024-08-07',
      kind: 'closure',
      name: '颱風停止上班',
    });
    expect(declared.status, declared.text).to.equal(201);
    await eventually(async () => ((await result()) === 'closure' ? true : undefined), 'the day to be 停止上班上課');

    const removed = await callLeave('DELETE', `/agencies/${agency}/calendar-entries/${encodeURIComponent(declared.body!.id)}`);
    expect(removed.status, removed.text).to.equal(204);
    await eventually(async () => ((await result()) === 'missing-out' ? true : undefined), 'the day to be judged again');
  });
});
