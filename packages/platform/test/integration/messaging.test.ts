import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { cleanupNamespace, eventually, hostPort, suiteNamespace, TcpProxy, testUris, withPort } from '@webitr/testkit';
import type { EventEnvelope } from '@webitr/contracts';
import { Broker } from '../../src/messaging/broker.ts';
import { EventConsumer, subscribe } from '../../src/messaging/consumer.ts';
import { Inbox } from '../../src/messaging/inbox.ts';
import { databaseName } from '../../src/mongo.ts';
import { grantEvent, logger, openMongo, QueueInspector } from '../helpers.ts';

const CRASHING_CONSUMER = fileURLToPath(new URL('../fixtures/crashing-consumer.ts', import.meta.url));

describe('messaging over RabbitMQ (integration)', function () {
  this.timeout(60_000);
  const namespace = suiteNamespace('messaging');
  const consumers = ['once', 'crash', 'poison', 'malformed', 'reconnect'];
  let broker: Broker;
  let mongo: Connection;
  let inspector: QueueInspector;
  const stopLater: (() => Promise<unknown>)[] = [];

  before(async () => {
    broker = new Broker({ url: testUris().amqp, namespace, service: 'platform-test', logger });
    mongo = await openMongo(databaseName('platform-test', namespace));
    inspector = await new QueueInspector().open();
  });

  after(async () => {
    for (const stop of stopLater.reverse()) await stop();
    await broker.close();
    await inspector.close();
    await mongo.close();
    await cleanupNamespace({ namespace, consumers, databases: [databaseName('platform-test', namespace)] });
  });

  async function startConsumer(
    consumer: string,
    handle: (e: EventEnvelope) => Promise<void>,
    options: { deliveryLimit?: number; via?: Broker } = {},
  ) {
    const instance = new EventConsumer(options.via ?? broker, {
      consumer,
      inbox: new Inbox(mongo, consumer),
      subscriptions: [subscribe('directory.entitlement.granted', handle)],
      deliveryLimit: options.deliveryLimit ?? 5,
    });
    await instance.start();
    stopLater.push(() => instance.stop());
    return instance;
  }

  it('publishes with confirms; the subscriber applies each event once even when it arrives twice', async () => {
    const seen: string[] = [];
    await startConsumer('once', async (event) => {
      seen.push(event.id);
    });
    const event = grantEvent('P1');
    await broker.publish(event);
    await broker.publish(event); // an outbox relay may publish the same event again
    const other = grantEvent('P2');
    await broker.publish(other);
    await eventually(() => (seen.length >= 2 ? true : undefined), 'two events applied');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).to.deep.equal([event.id, other.id]);
  });

  it('the inbox remembers processed ids until they are pruned', async () => {
    const inbox = new Inbox(mongo, 'prune-test');
    expect(await inbox.claim('e-old', 'directory.entitlement.granted')).to.deep.equal({ state: 'mine' });
    expect(await inbox.has('e-old')).to.equal(false); // claimed, not applied yet
    await inbox.done('e-old', 'directory.entitlement.granted');
    expect(await inbox.claim('e-old', 'directory.entitlement.granted')).to.deep.equal({ state: 'done' });
    expect(await inbox.has('e-old')).to.equal(true);
    expect(await inbox.prune(new Date(Date.now() - 60_000))).to.equal(0);
    expect(await inbox.prune(new Date(Date.now() + 60_000))).to.equal(2); // the record and its claim
    expect(await inbox.has('e-old')).to.equal(false);
  });

  it('a consumer that crashes mid-message gets it again and the change is applied once', async () => {
    const counters = mongo.collection<{ _id: string; n: number; applied: string[] }>('counters');
    await counters.insertOne({ _id: 'grants', n: 0, applied: [] });
    // The first consumer is a separate process that applies the change and is killed before it can ack.
    const child = spawn(process.execPath, [CRASHING_CONSUMER], {
      env: { ...process.env, TEST_NAMESPACE: namespace, TEST_DB: databaseName('platform-test', namespace) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let childOutput = '';
    child.stdout.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    // A fresh Node process loading TypeScript: on a loaded 2-core machine that alone has taken over 10 s.
    await eventually(() => (childOutput.includes('consuming') ? true : undefined), 'the crashing consumer to start', 40_000);
    const event = grantEvent('P3');
    await broker.publish(event);
    const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    expect(exit).to.equal('SIGKILL');
    expect((await counters.findOne({ _id: 'grants' }))?.n).to.equal(1);

    const deliveries: string[] = [];
    await startConsumer('crash', async (e) => {
      deliveries.push(e.id);
      // The same idempotent write the crashed process made: keyed by event id.
      await counters.updateOne({ _id: 'grants', applied: { $ne: e.id } }, { $inc: { n: 1 }, $push: { applied: e.id } });
    });
    await eventually(() => (deliveries.length ? true : undefined), 'the redelivery');
    expect(deliveries).to.deep.equal([event.id]);
    expect((await counters.findOne({ _id: 'grants' }))?.n).to.equal(1);
    await eventually(
      async () =>
        (await mongo.collection('processed_events').countDocuments({ _id: `crash:${event.id}` as never })) === 1 ? true : undefined,
      'the inbox record',
    );
  });

  it('a message whose handler keeps failing lands in the dead-letter queue after the delivery limit', async () => {
    let attempts = 0;
    const consumer = await startConsumer(
      'poison',
      async () => {
        attempts += 1;
        throw new Error('always fails');
      },
      { deliveryLimit: 2 },
    );
    const event = grantEvent('P4');
    await broker.publish(event);
    const dead = await inspector.take(consumer.deadLetterQueue, 20_000);
    expect(dead.properties.messageId).to.equal(event.id);
    expect(JSON.parse(dead.content.toString()).id).to.equal(event.id);
    expect(attempts).to.be.within(2, 3);
    expect(await inspector.count(consumer.queue)).to.equal(0);
  });

  it('a malformed message goes to the dead-letter queue at once, without reaching the handler', async () => {
    let called = 0;
    const consumer = await startConsumer('malformed', async () => {
      called += 1;
    });
    inspector.publishRaw(broker.topology.eventsExchange, 'directory.entitlement.granted', '{"not":"an envelope"');
    const bad = { ...grantEvent('P5'), payload: { personId: 'P5' } }; // payload misses required fields
    inspector.publishRaw(broker.topology.eventsExchange, 'directory.entitlement.granted', JSON.stringify(bad));
    await inspector.take(consumer.deadLetterQueue);
    await inspector.take(consumer.deadLetterQueue);
    expect(called).to.equal(0);
  });

  it('reconnects after the connection drops mid-publishing, re-declares its consumer, and loses no event', async () => {
    const proxy = new TcpProxy(hostPort(testUris().amqp, 5672));
    await proxy.start();
    const flaky = new Broker({
      url: withPort(testUris().amqp, proxy.port),
      namespace,
      service: 'platform-test-flaky',
      logger,
      publishTimeoutMs: 20_000,
    });
    stopLater.push(async () => {
      await flaky.close();
      await proxy.stop();
    });
    let connects = 0;
    flaky.connection.on('connect', () => (connects += 1));
    const received = new Set<string>();
    await startConsumer('reconnect', async (e) => void received.add(e.id), { via: flaky });

    const events = Array.from({ length: 60 }, (_, i) => grantEvent(`R${i}`));
    const confirms = events.map(async (event, i) => {
      if (i === 20) proxy.dropConnections(); // the broker connection dies with publishes in flight
      await flaky.publish(event);
    });
    await Promise.all(confirms);
    await eventually(() => (received.size === events.length ? true : undefined), 'every event consumed after reconnect', 30_000);
    expect([...received].sort()).to.deep.equal(events.map((e) => e.id).sort());
    expect(connects).to.be.greaterThanOrEqual(1);
  });
});
