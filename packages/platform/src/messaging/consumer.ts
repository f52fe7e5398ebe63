import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { z } from 'zod';
import { eventCatalog, eventEnvelopeSchema, isKnownEventType } from '@webitr/contracts';
import type { EventEnvelope, EventPayload, EventType } from '@webitr/contracts';
import { runInContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { Broker } from './broker.ts';
import { sleep } from './broker.ts';
import type { Inbox } from './inbox.ts';
import { METRIC } from '../telemetry/metrics.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { extractTraceContext, inSpan, SpanKind } from '../telemetry/tracing.ts';

/** One event type a service listens to, and what it does with it. */
export interface Subscription<T extends EventType = EventType> {
  type: T;
  handle: (event: EventEnvelope<EventPayload<T>>) => Promise<void>;
}

/** Keeps the type of each subscription's payload tied to its event type. */
export const subscribe = <T extends EventType>(type: T, handle: Subscription<T>['handle']): Subscription =>
  ({ type, handle }) as unknown as Subscription;

export interface ConsumerOptions {
  /** The consuming service; names its queue and its inbox records. */
  consumer: string;
  subscriptions: readonly Subscription[];
  inbox: Inbox;
  /** Unacknowledged messages in flight per consumer. */
  prefetch?: number;
  /** Deliveries before the broker dead-letters a message that keeps failing. */
  deliveryLimit?: number;
  /** How long processed event ids are kept (no TTL indexes on FerretDB: pruned hourly). */
  inboxRetentionDays?: number;
  /** A claim on an event older than this is taken to be a dead instance's (longer than any handler runs). */
  claimStaleMs?: number;
  /** Where the queue's depth, its dead letters and the events handled are reported (`/metrics`). */
  metrics?: Metrics;
}

/** How often an instance waiting for another's claim on an event looks again. */
const CLAIM_POLL_MS = 100;

/**
 * A service's event consumer: one durable quorum queue bound to the event types
 * it subscribes to, a dead-letter queue beside it, and an inbox of processed
 * event ids so a redelivered or republished event is not applied again.
 *
 * Instances of a service share its queue. An event is claimed in the inbox
 * before its handler runs and marked done after, so two instances handed the
 * same event (a republished duplicate) do not apply it both. A process that
 * dies in between leaves a claim that goes stale, and the event, redelivered,
 * is applied by the next consumer: handlers make their writes idempotent by
 * event id (a conditional single-document update), which is what makes
 * "applied once" hold across a crash.
 *
 * A handler that throws gets the message again after a short pause; after
 * `deliveryLimit` deliveries the broker moves it to the dead-letter queue, where
 * it stays visible. A message that can never succeed (not JSON, not an envelope,
 * unknown type, invalid payload) goes there at once.
 */
export class EventConsumer {
  readonly #broker: Broker;
  readonly #options: Required<Omit<ConsumerOptions, 'metrics'>>;
  readonly #handled;
  readonly #logger: Logger;
  readonly #handlers: Map<string, Subscription['handle']>;
  readonly #inFlight = new Set<Promise<void>>();
  /** Events being handled now, by id: a duplicate delivered meanwhile waits, then finds it in the inbox. */
  readonly #handling = new Map<string, Promise<unknown>>();
  #channel: ChannelWrapper | undefined;
  #pruneTimer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(broker: Broker, options: ConsumerOptions) {
    this.#broker = broker;
    const { metrics, ...rest } = options;
    this.#options = { prefetch: 10, deliveryLimit: 5, inboxRetentionDays: 30, claimStaleMs: 60_000, ...rest };
    this.#logger = broker.logger.child({ module: 'consumer', consumer: options.consumer });
    this.#handlers = new Map(options.subscriptions.map((s) => [s.type, s.handle]));
    this.#handled = metrics?.counter(
      METRIC.eventsHandled,
      'Events taken off the queue, by type and outcome (ok, retry, dead-lettered, poison)',
      ['type', 'outcome'],
    );
    // The consumer's lag is what waits in its queue; what failed for good waits in the dead-letter queue.
    const depth = (queue: string) => broker.queueDepth(queue);
    metrics?.gauge(METRIC.queueReady, 'Messages ready in the queue, not yet delivered (consumer lag)', ['queue'], async (gauge) => {
      gauge.set({ queue: this.queue }, (await depth(this.queue)).ready);
    });
    metrics?.gauge(METRIC.queueConsumers, 'Consumers attached to the queue', ['queue'], async (gauge) => {
      gauge.set({ queue: this.queue }, (await depth(this.queue)).consumers);
    });
    metrics?.gauge(METRIC.deadLettered, 'Messages in the dead-letter queue (failed for good; look at them)', ['queue'], async (gauge) => {
      gauge.set({ queue: this.deadLetterQueue }, (await depth(this.deadLetterQueue)).ready);
    });
  }

  get queue(): string {
    return this.#broker.topology.queue(this.#options.consumer);
  }

  get deadLetterQueue(): string {
    return this.#broker.topology.deadLetterQueue(this.#options.consumer);
  }

  /** Declare the queues and start consuming; re-run by the connection manager after every reconnect. */
  async start(): Promise<void> {
    await this.#options.inbox.ensureIndexes();
    this.#channel = this.#broker.connection.createChannel({ confirm: true, setup: (channel: ConfirmChannel) => this.#setup(channel) });
    await this.#channel.waitForConnect();
    this.#pruneTimer = setInterval(() => void this.#pruneInbox(), 3_600_000);
    this.#pruneTimer.unref();
  }

  /** Forget processed ids older than the retention: a broker redelivers within minutes, not weeks. */
  async #pruneInbox(): Promise<void> {
    const olderThan = new Date(Date.now() - this.#options.inboxRetentionDays * 86_400_000);
    try {
      const pruned = await this.#options.inbox.prune(olderThan);
      if (pruned) this.#logger.info({ pruned }, 'pruned the inbox');
    } catch (err) {
      this.#logger.warn({ err }, 'inbox prune failed');
    }
  }

  async #setup(channel: ConfirmChannel): Promise<void> {
    const { topology } = this.#broker;
    const { deliveryLimit, prefetch } = this.#options;
    await this.#broker.assertEventsExchange(channel);
    await channel.assertExchange(topology.deadLetterExchange, 'direct', { durable: true });
    await channel.assertQueue(this.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(this.deadLetterQueue, topology.deadLetterExchange, this.queue);
    await channel.assertQueue(this.queue, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': deliveryLimit,
        'x-dead-letter-exchange': topology.deadLetterExchange,
        'x-dead-letter-routing-key': this.queue,
        // At-least-once dead-lettering: a dead-lettered message is not lost if the DLQ is briefly unavailable.
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
      },
    });
    for (const type of this.#handlers.keys()) await channel.bindQueue(this.queue, topology.eventsExchange, type);
    await channel.prefetch(prefetch);
    if (this.#stopping) return;
    // Acks go to the channel the message came on; after a reconnect the broker redelivers the rest.
    await channel.consume(this.queue, (message) => {
      if (!message) return;
      const work = this.#onMessage(channel, message).finally(() => this.#inFlight.delete(work));
      this.#inFlight.add(work);
    });
  }

  async #onMessage(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const deliveryCount = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
    const parsed = this.#parse(message);
    if (!parsed.ok) {
      this.#logger.error({ messageId: message.properties.messageId, reason: parsed.reason }, 'poison message; dead-lettered');
      this.#handled?.inc({ type: 'unknown', outcome: 'poison' });
      return settle(() => channel.nack(message, false, false));
    }
    const event = parsed.event;
    const handle = this.#handlers.get(event.type);
    // A child of the publisher's span (the `traceparent` header): one trace from the request that wrote the event.
    const span = {
      kind: SpanKind.CONSUMER,
      parent: extractTraceContext(message.properties.headers),
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': this.queue,
        'messaging.message.id': event.id,
      },
    };
    const work = async () => {
      const log = this.#logger.child({ eventId: event.id, eventType: event.type });
      try {
        if (handle) await inSpan(`${event.type} process`, span, () => this.#applyOnce(event, handle, message.fields.redelivered));
        settle(() => channel.ack(message));
        this.#handled?.inc({ type: event.type, outcome: 'ok' });
      } catch (err) {
        const last = deliveryCount + 1 >= this.#options.deliveryLimit;
        this.#handled?.inc({ type: event.type, outcome: last ? 'dead-lettered' : 'retry' });
        log.warn(
          { err, attempt: deliveryCount + 1, deliveryLimit: this.#options.deliveryLimit },
          last ? 'handler failed; dead-lettering' : 'handler failed; will retry',
        );
        await sleep(Math.min(100 * 2 ** deliveryCount, 5_000));
        settle(() => channel.nack(message, false, true));
      }
    };
    await runInContext({ requestId: event.id, correlationId: event.correlationId }, work);
  }

  async #applyOnce(event: EventEnvelope, handle: Subscription['handle'], redelivered: boolean): Promise<void> {
    for (let running = this.#handling.get(event.id); running; running = this.#handling.get(event.id)) {
      await running.catch(() => undefined);
    }
    // No await between the check above and the set below: a duplicate arriving now waits for this one.
    const work = this.#claimAndApply(event, handle, redelivered);
    this.#handling.set(event.id, work);
    try {
      await work;
    } finally {
      this.#handling.delete(event.id);
    }
  }

  /**
   * Claim the event in the inbox, apply it, mark it done. Another instance
   * applying a copy of it now (a duplicate publication) is waited for: it
   * finishes, or gives up and this one claims it. The claim is taken over at
   * once when this message is a redelivery (the broker hands a message on
   * when the consumer that had it died or lost its channel: its claim is an
   * orphan, and the handler's own idempotency covers one still running), or
   * when it is older than `claimStaleMs`. A handler that fails gives its
   * claim up, so the redelivery applies it.
   */
  async #claimAndApply(event: EventEnvelope, handle: Subscription['handle'], redelivered: boolean): Promise<void> {
    const inbox = this.#options.inbox;
    for (;;) {
      const claim = await inbox.claim(event.id, event.type);
      if (claim.state === 'done') return;
      if (claim.state === 'applying') {
        // This instance's own claim with no run in hand here was left by an attempt whose give-up failed.
        const orphan = claim.ours || redelivered || Date.now() - claim.since.getTime() > this.#options.claimStaleMs;
        if (orphan) await inbox.takeOver(event.id, claim.since);
        else await sleep(CLAIM_POLL_MS);
        continue;
      }
      try {
        await handle(event as EventEnvelope<never>);
      } catch (error) {
        await inbox.abandon(event.id).catch((err: unknown) => this.#logger.warn({ err, eventId: event.id }, 'could not give up the claim'));
        throw error;
      }
      await inbox.done(event.id, event.type);
      return;
    }
  }

  #parse(message: ConsumeMessage): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
    let json: unknown;
    try {
      json = JSON.parse(message.content.toString('utf8'));
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
    const envelope = eventEnvelopeSchema.safeParse(json);
    if (!envelope.success)
      return { ok: false, reason: `not an event envelope: ${envelope.error.issues.map((i) => i.path.join('.')).join(', ')}` };
    if (!isKnownEventType(envelope.data.type)) return { ok: false, reason: `unknown event type ${envelope.data.type}` };
    const schema: z.ZodType = eventCatalog[envelope.data.type];
    const payload = schema.safeParse(envelope.data.payload);
    if (!payload.success) return { ok: false, reason: `invalid payload: ${payload.error.issues.map((i) => i.path.join('.')).join(', ')}` };
    return { ok: true, event: { ...envelope.data, payload: payload.data } };
  }

  /** Stop taking new messages and wait for the ones in hand to finish. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#pruneTimer);
    await this.#channel?.close();
    await Promise.allSettled([...this.#inFlight]);
  }
}

/** An ack/nack on a channel that has since closed throws; the broker redelivers that message anyway. */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    /* channel gone: redelivery follows */
  }
}
