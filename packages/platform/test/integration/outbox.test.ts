import amqplib from 'amqplib';
import { expect } from 'chai';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { cleanupNamespace, eventually, hostPort, suiteNamespace, TcpProxy, testUris, withPort } from '@webitr/testkit';
import type { EventEnvelope } from '@webitr/contracts';
import { Broker } from '../../src/messaging/broker.ts';
import { EventConsumer, subscribe } from '../../src/messaging/consumer.ts';
import { Inbox } from '../../src/messaging/inbox.ts';
import { connectMongo, databaseName } from '../../src/mongo.ts';
import { createEvent, outboxOnCreate, outboxSchemaFields, withOutbox } from '../../src/outbox/outbox.ts';
import type { OutboxFields } from '../../src/outbox/outbox.ts';
import { OutboxRelay } from '../../src/outbox/relay.ts';
import { grantEvent, logger, openMongo } from '../helpers.ts';

interface Grant extends OutboxFields {
  _id: string;
  apps: string[];
}

describe('outbox relay (integration)', function () {
  this.timeout(60_000);
  const namespace = suiteNamespace('outbox');
  const dbName = databaseName('platform-test', namespace);
  let mongo: Connection;
  let Grants: Model<Grant>;
  let proxy: TcpProxy;
  let broker: Broker;
  let consumer: EventConsumer;
  const received: string[] = [];

  before(async () => {
    mongo = await openMongo(dbName);
    Grants = mongo.model<Grant>('Grant', new Schema<Grant>({ _id: String, apps: [String], ...outboxSchemaFields }, { versionKey: false }));
    await Grants.createIndexes();
    // The relay's broker goes through a proxy so the test can take RabbitMQ away from it.
    proxy = new TcpProxy(hostPort(testUris().amqp, 5672));
    await proxy.start();
    broker = new Broker({ url: withPort(testUris().amqp, proxy.port), namespace, service: 'outbox-test', logger, publishTimeoutMs: 1_500 });
    const direct = new Broker({ url: testUris().amqp, namespace, service: 'outbox-test-consumer', logger });
    consumer = new EventConsumer(direct, {
      consumer: 'outbox-sink',
      inbox: new Inbox(mongo, 'outbox-sink'),
      subscriptions: [subscribe('directory.entitlement.granted', async (e) => void received.push(e.id))],
    });
    await consumer.start();
    after(() => direct.close());
  });

  after(async () => {
    await consumer.stop();
    await broker.close();
    await proxy.stop();
    await mongo.close();
    await cleanupNamespace({ namespace, consumers: ['outbox-sink'], databases: [dbName] });
  });

  const relay = () => new OutboxRelay({ broker, models: [Grants], logger, pollIntervalMs: 60_000 });
  const waitFor = (ids: string[]) =>
    eventually(() => (ids.every((id) => received.includes(id)) ? true : undefined), `events ${ids.join(', ')}`);

  it('writes a change and its events in one document write, then publishes them in order and clears them', async () => {
    const first = grantEvent('P1');
    await Grants.create({ _id: 'P1', apps: ['webitr'], ...outboxOnCreate([first]) });
    const second = grantEvent('P1');
    await Grants.updateOne({ _id: 'P1' }, withOutbox<Grant>({ $push: { apps: 'webitr-edu' } }, [second]));
    const stored = await Grants.findById('P1').lean();
    expect(stored?.apps).to.deep.equal(['webitr', 'webitr-edu']);
    expect(stored?.outboxCount).to.equal(2);

    expect(await relay().drain()).to.equal(2);
    await waitFor([first.id, second.id]);
    expect(received.indexOf(first.id)).to.be.lessThan(received.indexOf(second.id));
    const after = await Grants.findById('P1').lean();
    expect(after?.outboxCount).to.equal(0);
    expect(Object.keys(after?.outbox ?? {})).to.deep.equal([]);
  });

  it('keeps events while the broker is unreachable and publishes them when it is back', async () => {
    const event = grantEvent('P2');
    await Grants.create({ _id: 'P2', apps: ['webitr'], ...outboxOnCreate([event]) });
    await proxy.stop(); // RabbitMQ is gone for the relay's process
    const r = relay();
    expect(await r.drain()).to.equal(0);
    const pending = await Grants.findById('P2').lean();
    expect(pending?.outboxCount).to.equal(1);
    expect(pending?.outbox?.[event.id]?.event.id).to.equal(event.id);

    await proxy.start();
    await eventually(async () => ((await r.drain()) === 1 ? true : undefined), 'the relay to publish after the broker came back', 30_000);
    await waitFor([event.id]);
    expect((await Grants.findById('P2').lean())?.outboxCount).to.equal(0);
  });

  it('after a crash between the write and the publish, a new relay publishes what was left', async () => {
    // The "crashed" process wrote the change with its event and never published it.
    const event: EventEnvelope = grantEvent('P3');
    await Grants.create({ _id: 'P3', apps: [], ...outboxOnCreate([event]) });
    const restarted = relay();
    restarted.start();
    await waitFor([event.id]);
    await restarted.stop();
    expect((await Grants.findById('P3').lean())?.outboxCount).to.equal(0);
  });

  describe('a backlog across many documents, left by a broker outage', () => {
    // Events nobody consumes here (the sink above takes grants), read off a queue of our own with basic.get:
    // what the broker received, in the order it received it.
    const revoked = (personId: string) =>
      createEvent('directory.entitlement.revoked', { personId, agencyId: 'A01', app: 'webitr', actorId: 'admin' }, 'platform-test');
    // More documents than one batch, one to three events each, in a collection that also holds published ones.
    const write = async (prefix: string): Promise<EventEnvelope[][]> => {
      const perDocument = Array.from({ length: 230 }, (_, i) => Array.from({ length: 1 + (i % 3) }, () => revoked(`${prefix}${i}`)));
      await Grants.insertMany(perDocument.map((events, i) => ({ _id: `${prefix}${i}`, apps: [], ...outboxOnCreate(events) })));
      return perDocument;
    };
    const pendingLeft = () => Grants.countDocuments({ _id: { $regex: /^B/ }, outboxCount: { $gt: 0 } });
    let probe: amqplib.ChannelModel;
    let channel: amqplib.Channel;
    const probeQueue = `${namespace}.outbox-backlog-probe`;
    let seen: string[] = [];

    before(async () => {
      probe = await amqplib.connect(testUris().amqp);
      channel = await probe.createChannel();
      await channel.assertQueue(probeQueue, { durable: false, autoDelete: false });
      await channel.bindQueue(probeQueue, broker.topology.eventsExchange, 'directory.entitlement.revoked');
    });

    after(async () => {
      await channel.deleteQueue(probeQueue);
      await probe.close();
    });

    const readProbe = async (): Promise<string[]> => {
      for (let m = await channel.get(probeQueue, { noAck: true }); m; m = await channel.get(probeQueue, { noAck: true }))
        seen.push(String(m.properties.messageId));
      return seen;
    };
    const published = (perDocument: EventEnvelope[][]) =>
      eventually(
        async () => {
          const order = await readProbe();
          return perDocument.flat().every((e) => order.includes(e.id)) ? order : undefined;
        },
        'every event on the broker',
        45_000,
      );

    const expectInOrder = (perDocument: EventEnvelope[][], order: string[]) => {
      for (const events of perDocument) {
        const positions = events.map((e) => order.indexOf(e.id));
        expect(positions, 'every event published').to.not.include(-1);
        expect(positions, "a document's events in their order").to.deep.equal([...positions].sort((a, b) => a - b));
      }
    };

    beforeEach(async () => {
      await readProbe();
      seen = [];
    });

    it("one run publishes all of it once the broker is back, every document's events in order", async () => {
      await proxy.stop();
      const perDocument = await write('BA');
      const total = perDocument.flat().length;
      // Batches smaller than the backlog: one run must go on from batch to batch.
      const r = new OutboxRelay({ broker, models: [Grants], logger, pollIntervalMs: 60_000, batchSize: 100 });
      expect(await r.drain(), 'nothing is confirmed while the broker is away').to.equal(0);
      expect(await pendingLeft()).to.equal(perDocument.length);

      await proxy.start();
      await eventually(() => (broker.isConnected ? true : undefined), "the relay's broker to reconnect", 30_000);
      expect(await r.drain()).to.equal(total);
      expect(await pendingLeft()).to.equal(0);
      expectInOrder(perDocument, await published(perDocument));
      await Grants.deleteMany({ _id: { $regex: /^BA/ } });
    });

    it('a running relay publishes it when the broker reconnects, without a write or a poll to wake it', async () => {
      await proxy.stop();
      const perDocument = await write('BB');
      // A poll far beyond the test: only the reconnection can wake it.
      const running = new OutboxRelay({ broker, models: [Grants], logger, pollIntervalMs: 3_600_000, batchSize: 100 });
      running.start();
      try {
        await running.drain(); // the start-up run, failed against the missing broker
        await proxy.start();
        expectInOrder(perDocument, await published(perDocument));
        await eventually(async () => ((await pendingLeft()) === 0 ? true : undefined), 'the outboxes to be cleared', 45_000);
      } finally {
        await running.stop();
        await Grants.deleteMany({ _id: { $regex: /^BB/ } });
      }
    });
  });

  it('a store that goes away while the relay removes what it published fails the run, not the process; a later run finishes', async () => {
    // The relay's own connection goes through a proxy that the first confirm takes away.
    const storeProxy = new TcpProxy(hostPort(testUris().mongodb, 27017));
    await storeProxy.start();
    const relayMongo = await connectMongo(withPort(testUris().mongodb, storeProxy.port), dbName, logger);
    const RelayGrants = relayMongo.model<Grant>('Grant', Grants.schema);
    const events = Array.from({ length: 5 }, (_, i) => grantEvent(`S${i}`));
    await Grants.insertMany(events.map((event, i) => ({ _id: `S${i}`, apps: [], ...outboxOnCreate([event]) })));
    const cutting = Object.create(broker) as Broker;
    let cut = false;
    cutting.publish = async (event) => {
      await broker.publish(event);
      if (!cut) {
        cut = true;
        await storeProxy.stop();
      }
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const r = new OutboxRelay({ broker: cutting, models: [RelayGrants], logger, pollIntervalMs: 60_000 });
      let failure: unknown;
      await r.drain().catch((error: unknown) => (failure = error));
      expect(failure, 'the run fails').to.be.instanceOf(Error);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).to.deep.equal([]);
      await storeProxy.start();
      await eventually(
        async () => {
          await r.drain().catch(() => undefined);
          return (await Grants.countDocuments({ _id: { $regex: /^S/ }, outboxCount: { $gt: 0 } })) === 0 ? true : undefined;
        },
        'a later run to clear the outboxes',
        30_000,
      );
      await waitFor(events.map((e) => e.id));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await relayMongo.close();
      await storeProxy.stop();
    }
  });

  it('two relays draining together publish each event once, thanks to the lease', async () => {
    const events = Array.from({ length: 10 }, (_, i) => grantEvent(`L${i}`));
    await Grants.insertMany(events.map((event, i) => ({ _id: `L${i}`, apps: [], ...outboxOnCreate([event]) })));
    const before = received.length;
    const [a, b] = await Promise.all([relay().drain(), relay().drain()]);
    expect(a + b).to.equal(10);
    await waitFor(events.map((e) => e.id));
    expect(received.length - before).to.equal(10);
  });
});
