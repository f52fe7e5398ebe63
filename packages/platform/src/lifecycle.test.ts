import { Writable } from 'node:stream';
import { expect } from 'chai';
import { Lifecycle } from './lifecycle.ts';
import { createLogger } from './logger.ts';

const silent = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('Lifecycle', () => {
  it('runs shutdown phases in order whatever order they were added in, once', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle(silent, 1_000);
    lifecycle.onShutdown('disconnect', 'mongodb', () => order.push('mongodb'));
    lifecycle.onShutdown('flush', 'outbox', () => order.push('outbox'));
    lifecycle.onShutdown('stop-accepting', 'http', () => order.push('http'));
    lifecycle.onShutdown('stop-consuming', 'consumer', () => order.push('consumer'));
    await Promise.all([lifecycle.shutdown('test'), lifecycle.shutdown('again')]);
    expect(order).to.deep.equal(['http', 'consumer', 'outbox', 'mongodb']);
    expect(lifecycle.shuttingDown).to.equal(true);
  });

  it('stops the timed jobs after HTTP has drained and before the consumer', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle(silent, 1_000);
    lifecycle.onShutdown('stop-consuming', 'consumer', () => order.push('consumer'));
    lifecycle.onShutdown('stop-jobs', 'reminders', () => order.push('reminders'));
    lifecycle.onShutdown('stop-accepting', 'http', () => order.push('http'));
    await lifecycle.shutdown('test');
    expect(order).to.deep.equal(['http', 'reminders', 'consumer']);
  });

  it('keeps going after a failing step and stays within its time bound', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle(silent, 300);
    lifecycle.onShutdown('stop-accepting', 'fails', () => {
      throw new Error('nope');
    });
    lifecycle.onShutdown('flush', 'hangs', () => new Promise(() => undefined));
    lifecycle.onShutdown('disconnect', 'never-reached', () => order.push('late'));
    const started = Date.now();
    await lifecycle.shutdown('test');
    expect(Date.now() - started).to.be.lessThan(2_000);
    expect(order).to.deep.equal([]);
  });
});
