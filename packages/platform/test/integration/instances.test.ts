// Several instances of one service, as `START_REPLICAS=2` and Kubernetes run
// them: each with its own connections to the store and the broker. What must
// hold across them — one holder of a lease, one publication of an outbox
// event, one application of an event however often it arrives, one run of a
// timed job — rests on unique inserts, the guarantee FerretDB v1 keeps across
// connections (its conditional updates it does not: `npm run
// measure:ferretdb-races`), so these tests hold here as on MongoDB.
import amqplib from 'amqplib';
import { expect } from 'chai';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import { cleanupNamespace, eventually, suiteNamespace, testServiceConfig, testUris } from '@webitr/testkit';
import type { EventEnvelope } from '@webitr/contracts';
import { baseConfigShape, loadConfig } from '../../src/config.ts';
import { Broker } from '../../src/messaging/broker.ts';
import { EventConsumer, subscribe } from '../../src/messaging/consumer.ts';
import { Inbox } from '../../src/messaging/inbox.ts';
import { StoreLease } from '../../src/mongo/lease.ts';
import { databaseName } from '../../src/mongo.ts';
import { outboxOnCreate, outboxSchemaFields } from '../../src/outbox/outbox.ts';
import type { OutboxFields } from '../../src/outbox/outbox.ts';
import { OutboxRelay } from '../../src/outbox/relay.ts';
import { ServiceRuntime } from '../../src/runtime.ts';
import { grantEvent, logger, openMongo } from '../helpers.ts';

interface Grant extends OutboxFields {
  _id: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('several instances of one service (integration)', function () {
  this.timeout(90_000);
  const namespace = suiteNamespace('instances');
  const dbName = databaseName('instances-test', namespace);
  /** One store connection per instance, as two processes have. */
  const connections: Connection[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  before(async () => {
    for (let i = 0; i < 2; i++) connections.push(await openMongo(dbName));
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    for (const connection of connections) await connection.close();
    await cleanupNamespace({ namespace, consumers: ['shared-queue', 'tap'], databases: [dbName] });
  });

  describe('a lease in the store', () => {
    it('of 20 instances claiming it at once on 20 connections, exactly one holds it', async () => {
      const racers = await Promise.all(Array.from({ length: 20 }, () => openMongo(dbName)));
      cleanups.push(() => Promise.all(racers.map((c) => c.close())));
      const t = 1_000_000;
      const leases = racers.map((c) => new StoreLease(c, 'race', { termMs: 1_000, now: () => t }));
      const held = await Promise.all(leases.map((l) => l.hold()));
      expect(held.filter(Boolean)).to.have.length(1);
      // The others keep being refused while the holder lives.
      const again = await Promise.all(leases.map((l) => l.hold()));
      expect(again).to.deep.equal(held);
    });

    it('the holder keeps it from term to term; one that dies loses it within two terms; one that releases it, at once', async () => {
      let t = 5_000_000; // the start of a term of 1 s
      const now = () => t;
      const [a, b] = connections.map((c) => new StoreLease(c, 'terms', { termMs: 1_000, now }));
      expect(await a!.hold()).to.equal(true);
      expect(await b!.hold()).to.equal(false);
      t += 999; // the end of the term: the holder has the next one too
      expect(await b!.hold()).to.equal(false);
      t += 1_000; // the next term: the holder acts, and so keeps it
      expect(await a!.hold()).to.equal(true);
      expect(await b!.hold()).to.equal(false);
      t += 2_000; // a did not act for a whole term (it died): the lease is free
      expect(await b!.hold()).to.equal(true);
      expect(await a!.hold()).to.equal(false);
      await b!.release();
      expect(await a!.hold()).to.equal(true);
    });
  });

  describe('two outbox relays on one backlog', () => {
    let Grants: [Model<Grant>, Model<Grant>];
    const published: string[] = [];

    before(async () => {
      const schema = () => new Schema<Grant>({ _id: String, ...outboxSchemaFields }, { versionKey: false });
      Grants = [connections[0]!.model<Grant>('Grant', schema()), connections[1]!.model<Grant>('Grant', schema())];
      // Every event the exchange carries, counted from the outside.
      const amqp = await amqplib.connect(testUris().amqp);
      const channel = await amqp.createConfirmChannel();
      const broker = new Broker({ url: testUris().amqp, namespace, service: 'tap', logger });
      await broker.assertEventsExchange(channel);
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, broker.topology.eventsExchange, '#');
      await channel.consume(queue, (m) => m && published.push((JSON.parse(m.content.toString()) as EventEnvelope).id), { noAck: true });
      cleanups.push(async () => {
        await broker.close();
        await amqp.close();
      });
    });

    it('publish every event once, while they drain it at the same time, again and again', async () => {
      const brokers = [0, 1].map((i) => new Broker({ url: testUris().amqp, namespace, service: `relay-${i}`, logger }));
      cleanups.push(() => Promise.all(brokers.map((b) => b.close())));
      // Small batches and short terms: many turns of the lease, each a chance to publish a document twice.
      const relays = [0, 1].map(
        (i) => new OutboxRelay({ broker: brokers[i]!, models: [Grants[i]!], logger, batchSize: 20, leaseMs: 2_000 }),
      );
      const events = Array.from({ length: 400 }, (_, i) => grantEvent(`R${i}`));
      const written = (async () => {
        for (let i = 0; i < events.length; i += 10) {
          const model = Grants[(i / 10) % 2]!; // written by both instances, as requests land on either
          await model.insertMany(events.slice(i, i + 10).map((event, k) => ({ _id: `R${i + k}`, ...outboxOnCreate([event]) })));
          await Promise.all(relays.map((r) => r.drain()));
        }
      })();
      await written;
      await Promise.all(relays.map((r) => r.drain()));
      const ids = events.map((e) => e.id);
      await eventually(() => (ids.every((id) => published.includes(id)) ? true : undefined), 'every event published');
      await sleep(300);
      const mine = published.filter((id) => ids.includes(id));
      expect(mine).to.have.length(ids.length, 'an event was published twice');
      expect(await Grants[0]!.countDocuments({ outboxCount: { $gt: 0 } })).to.equal(0);
    });
  });

  describe('two consumers of one queue', () => {
    it('share the work and apply each event once, though every event is published twice', async () => {
      const applied: { id: string; by: number }[] = [];
      const brokers = [0, 1].map(() => new Broker({ url: testUris().amqp, namespace, service: 'shared-queue', logger }));
      const consumers = [0, 1].map(
        (i) =>
          new EventConsumer(brokers[i]!, {
            consumer: 'shared-queue',
            inbox: new Inbox(connections[i]!, 'shared-queue'),
            prefetch: 5,
            subscriptions: [
              subscribe('directory.entitlement.granted', async (event) => {
                await sleep(5); // a handler's store write: room for the copy to arrive meanwhile
                applied.push({ id: event.id, by: i });
              }),
            ],
          }),
      );
      for (const consumer of consumers) await consumer.start();
      cleanups.push(async () => {
        await Promise.all(consumers.map((c) => c.stop()));
        await Promise.all(brokers.map((b) => b.close()));
      });
      const publisher = new Broker({ url: testUris().amqp, namespace, service: 'publisher', logger });
      cleanups.push(() => publisher.close());
      const events = Array.from({ length: 200 }, (_, i) => grantEvent(`C${i}`));
      // Each event twice in a row, as a relay that lost its lease mid-batch may publish it: the copies reach both instances at once.
      for (const event of events) await Promise.all([publisher.publish(event), publisher.publish(event)]);
      await eventually(() => (applied.length >= events.length ? true : undefined), 'every event applied', 60_000);
      await sleep(1_000); // time for a second application, if there were one
      const counts = Map.groupBy(applied, (a) => a.id);
      expect([...counts.values()].filter((a) => a.length > 1).map((a) => a[0]!.id)).to.deep.equal([], 'applied twice');
      expect(counts.size).to.equal(events.length);
      const byInstance = [0, 1].map((i) => applied.filter((a) => a.by === i).length);
      expect(byInstance[0], 'instance 1 did nothing').to.be.greaterThan(0);
      expect(byInstance[1], 'instance 2 did nothing').to.be.greaterThan(0);
    });
  });

  describe('a timed job', () => {
    it('runs once per interval across two instances, not once in each; when its holder stops, the other takes it up', async () => {
      const runtimes = await Promise.all(
        [0, 1].map(async () =>
          ServiceRuntime.start('instances-test', loadConfig(z.object(baseConfigShape), await testServiceConfig(namespace, {})), logger),
        ),
      );
      const stopped = new Set<number>();
      cleanups.push(() => Promise.all(runtimes.map((r, i) => (stopped.has(i) ? undefined : r.lifecycle.shutdown('test over')))));
      const runs: number[] = [];
      runtimes.forEach((runtime, i) => runtime.startJob({ name: 'tick', everyMs: 100, run: async () => void runs.push(i) }));
      await sleep(3_000);
      // Two instances each on a 100 ms timer: 60 runs if both ran it, 30 if one did.
      expect(runs.length).to.be.within(20, 36);
      const holder = runs[0]!;
      expect(
        runs.every((i) => i === holder),
        'both instances ran the job',
      ).to.equal(true);
      // The holder stops (releasing the lease): the other runs it from its next tick on, not after the term.
      stopped.add(holder);
      await runtimes[holder]!.lifecycle.shutdown('test: the holder stops');
      const before = runs.length;
      await eventually(() => (runs.slice(before).some((i) => i !== holder) ? true : undefined), 'the other instance to run the job', 2_000);
    });
  });
});
