import amqplib from 'amqplib';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import type { Connection } from 'mongoose';
import { eventually, testUris } from '@webitr/testkit';
import type { EventEnvelope } from '@webitr/contracts';
import { createEvent } from '../src/outbox/outbox.ts';
import { createLogger } from '../src/logger.ts';
import { connectMongo } from '../src/mongo.ts';

export const logger = createLogger({ service: 'platform-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });

export const grantEvent = (personId: string): EventEnvelope =>
  createEvent('directory.entitlement.granted', { personId, agencyId: 'A01', app: 'webitr', actorId: 'admin' }, 'platform-test');

/** A plain amqplib connection for looking at queues from the outside. */
export class QueueInspector {
  #connection!: ChannelModel;
  #channel!: Channel;

  async open(): Promise<this> {
    this.#connection = await amqplib.connect(testUris().amqp);
    this.#channel = await this.#connection.createChannel();
    return this;
  }

  /** Wait for the next message on a queue and take it off. */
  async take(queue: string, timeoutMs = 10_000): Promise<GetMessage> {
    return eventually(async () => (await this.#channel.get(queue, { noAck: true })) || undefined, `a message on ${queue}`, timeoutMs);
  }

  async count(queue: string): Promise<number> {
    return (await this.#channel.checkQueue(queue)).messageCount;
  }

  /** Publish raw bytes, as a buggy or hostile producer might. */
  publishRaw(exchange: string, routingKey: string, content: string): void {
    this.#channel.publish(exchange, routingKey, Buffer.from(content), { persistent: true });
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }
}

/** The same connection a service gets (on FerretDB: one connection, see connectMongo). */
export function openMongo(dbName: string): Promise<Connection> {
  return connectMongo(testUris().mongodb, dbName, logger);
}
