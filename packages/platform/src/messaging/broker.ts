import amqp from 'amqp-connection-manager';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { topology as topologyFor } from '@webitr/contracts';
import type { EventEnvelope, Topology } from '@webitr/contracts';
import { amqpUrls } from '../config.ts';
import type { Logger } from '../logger.ts';
import { injectTraceContext } from '../telemetry/tracing.ts';

export interface BrokerOptions {
  /** One broker, or a cluster's nodes comma-separated (AMQP_URL). */
  url: string;
  namespace: string;
  /** The producing service, written into each message's app id. */
  service: string;
  logger: Logger;
  /** How long a publish may wait for the broker's confirm (also while reconnecting). */
  publishTimeoutMs?: number;
  /**
   * Ceiling of the back-off between reconnection attempts. Kept short: the
   * outboxes hold everything written meanwhile, and they only drain once the
   * connection is back (a 30 s ceiling cost up to 25 s after a 20 s outage).
   */
  maxReconnectDelayMs?: number;
}

/**
 * The process's connection to RabbitMQ. amqp-connection-manager reconnects and
 * re-runs every channel's setup (topology and consumers) after a drop; we add
 * exponential back-off with jitter between attempts (up to 2 s by default) so
 * a restarting broker is not hammered by every process at once. With a
 * cluster's nodes listed, each attempt takes the next node (amqp-connection-
 * manager's round robin), so a node that is down costs one failed attempt and
 * the back-off grows only after a round of the whole list.
 */
export class Broker {
  readonly connection: AmqpConnectionManager;
  readonly topology: Topology;
  readonly logger: Logger;
  readonly #publisher: ChannelWrapper;
  readonly #publishTimeoutMs: number;
  readonly #service: string;
  #failedAttempts = 0;

  constructor(options: BrokerOptions) {
    this.logger = options.logger.child({ module: 'amqp' });
    this.topology = topologyFor(options.namespace);
    this.#publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
    this.#service = options.service;
    const maxDelayMs = options.maxReconnectDelayMs ?? 2_000;
    this.connection = amqp.connect([], {
      heartbeatIntervalInSeconds: 10,
      reconnectTimeInSeconds: 0.2,
      findServers: async () => {
        if (this.#failedAttempts > 0) {
          const base = Math.min(200 * 2 ** (this.#failedAttempts - 1), maxDelayMs);
          await sleep(base / 2 + Math.random() * (base / 2));
        }
        return amqpUrls(options.url);
      },
      connectionOptions: { clientProperties: { connection_name: options.service } },
    });
    this.connection.on('connect', () => {
      this.#failedAttempts = 0;
      this.logger.info('connected');
    });
    this.connection.on('disconnect', ({ err }) => {
      this.#failedAttempts += 1;
      this.logger.warn({ err: err?.message }, 'disconnected; reconnecting');
    });
    this.connection.on('connectFailed', ({ err }) => {
      this.#failedAttempts += 1;
      this.logger.warn({ err: err.message, attempt: this.#failedAttempts }, 'connect failed; retrying');
    });
    this.#publisher = this.connection.createChannel({
      confirm: true,
      setup: (channel: ConfirmChannel) => this.assertEventsExchange(channel),
    });
  }

  get isConnected(): boolean {
    return this.connection.isConnected();
  }

  async assertEventsExchange(channel: ConfirmChannel): Promise<void> {
    await channel.assertExchange(this.topology.eventsExchange, 'topic', { durable: true });
  }

  /**
   * Publish one event and resolve only when the broker has confirmed it. While
   * the connection is down the message waits; a publish whose channel died
   * before the confirm is sent again after reconnect (the event id is stable,
   * so a duplicate is harmless), until the publish timeout.
   */
  async publish(event: EventEnvelope): Promise<void> {
    const deadline = Date.now() + this.#publishTimeoutMs;
    // W3C `traceparent` of the publishing span: the consumer's span joins the same trace.
    const headers: Record<string, unknown> = {};
    injectTraceContext(headers);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#publisher.publish(this.topology.eventsExchange, event.type, Buffer.from(JSON.stringify(event)), {
          persistent: true,
          contentType: 'application/json',
          messageId: event.id,
          correlationId: event.correlationId,
          type: event.type,
          appId: this.#service,
          timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
          headers,
          timeout: Math.max(1, deadline - Date.now()),
        });
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        this.logger.debug({ err: error, eventId: event.id, attempt }, 'publish not confirmed; retrying');
        await sleep(Math.min(50 * 2 ** attempt, 1_000));
      }
    }
  }

  /**
   * A queue's depth and consumers by a passive check (`queue.declare` with
   * passive set: nothing is created), on a channel of its own so that a
   * missing queue closes that channel only (it is opened again).
   */
  async queueDepth(queue: string): Promise<{ ready: number; consumers: number }> {
    this.#inspector ??= this.connection.createChannel({ name: 'queue-inspector' });
    // A new or reopened channel is not usable at once (its check would fail "not connected"); the caller bounds the wait.
    await this.#inspector.waitForConnect();
    const { messageCount, consumerCount } = await this.#inspector.checkQueue(queue);
    return { ready: messageCount, consumers: consumerCount };
  }

  #inspector: ChannelWrapper | undefined;

  /** Readiness: a live connection, not just an object. */
  async ping(): Promise<void> {
    if (!this.connection.isConnected()) throw new Error('not connected to RabbitMQ');
  }

  async close(): Promise<void> {
    await this.#inspector?.close();
    await this.#publisher.close();
    await this.connection.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
