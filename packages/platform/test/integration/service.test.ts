import { expect } from 'chai';
import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { cleanupNamespace, eventually, suiteNamespace, testServiceConfig } from '@webitr/testkit';
import { baseConfigShape, loadConfig } from '../../src/config.ts';
import { subscribe } from '../../src/messaging/consumer.ts';
import { databaseName } from '../../src/mongo.ts';
import { outboxSchemaFields } from '../../src/outbox/outbox.ts';
import { defineService } from '../../src/service.ts';
import type { Clock, StartedService } from '../../src/service.ts';
import type { BaseConfig } from '../../src/runtime.ts';
import { logger } from '../helpers.ts';

const SERVICE = 'skeleton-test';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('service skeleton: start-up and shutdown order (integration)', function () {
  this.timeout(60_000);
  const namespace = suiteNamespace('skeleton');
  const fixedNow = new Date('2026-11-23T09:00:00+08:00');
  const order: string[] = [];
  const ticks = { started: 0, finished: 0 };
  const finalRuns: { httpClosed: boolean }[] = [];
  let service: StartedService<BaseConfig, { clock: Clock }>;

  const skeleton = defineService({
    name: SERVICE,
    configSchema: z.object(baseConfigShape),
    models: (mongo: Connection) => {
      order.push('models');
      return { things: mongo.model<{ _id: string }>('Thing', new Schema({ _id: String, ...outboxSchemaFields })) };
    },
    relayModels: (models) => {
      order.push('relay');
      return [models.things];
    },
    context: ({ clock }): { clock: Clock } => {
      order.push('context');
      return { clock };
    },
    seed: async () => {
      order.push('seed');
    },
    subscriptions: () => {
      order.push('subscriptions');
      return [subscribe('directory.entitlement.granted', async () => undefined)];
    },
    jobs: () => {
      order.push('jobs');
      return [
        {
          name: 'tick',
          everyMs: 20,
          run: async () => {
            ticks.started += 1;
            if (ticks.started === 1) throw new Error('the first run fails');
            await sleep(150);
            ticks.finished += 1;
          },
        },
        {
          name: 'last-copy',
          everyMs: 3_600_000,
          finalRun: true,
          run: async () => {
            const httpClosed = await fetch(`${service.url}/healthz`).then(
              () => false,
              () => true,
            );
            finalRuns.push({ httpClosed });
          },
        },
      ];
    },
    routes: () => {
      order.push('routes');
      return { mount: () => void order.push('mount'), operations: [] };
    },
  });

  before(async () => {
    const config = loadConfig(z.object(baseConfigShape), await testServiceConfig(namespace));
    service = await skeleton.start(config, { logger, clock: () => fixedNow });
  });

  after(async () => {
    await service.runtime.lifecycle.shutdown('test over');
    await cleanupNamespace({ namespace, consumers: [SERVICE], databases: [databaseName(SERVICE, namespace)] });
  });

  it('starts the parts in one order: models, relay, context, seed, consumer, jobs, HTTP', async () => {
    expect(order).to.deep.equal(['models', 'relay', 'context', 'seed', 'subscriptions', 'jobs', 'routes', 'mount']);
    expect((await fetch(`${service.url}/healthz`)).status).to.equal(200);
  });

  it('gives the context the clock it was started with', () => {
    expect(service.ctx.clock()).to.equal(fixedNow);
  });

  it('runs a job again after a failed run', async () => {
    await eventually(() => (ticks.finished >= 1 ? true : undefined), 'a tick after the failed one');
  });

  it('at shutdown waits for a job run in progress, runs no more, and gives a final-run job its last run after HTTP has closed', async () => {
    await eventually(() => (ticks.started > ticks.finished + 1 ? true : undefined), 'a tick in progress');
    await service.runtime.lifecycle.shutdown('test: order');
    expect(ticks.finished).to.equal(ticks.started - 1);
    const startedAtShutdown = ticks.started;
    await sleep(100);
    expect(ticks.started).to.equal(startedAtShutdown);
    expect(finalRuns).to.deep.equal([{ httpClosed: true }]);
  });
});
