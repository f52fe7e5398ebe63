/**
 * Every exchange, queue and routing-key name of the system, in one place.
 *
 * One topic exchange carries all domain events; each consuming service owns one
 * durable quorum queue bound to the routing keys it subscribes to, and one
 * dead-letter queue where poison messages wait for a person to look at them.
 * A namespace (e.g. a test run id) prefixes every name so runs never collide.
 */
export const EXCHANGE_EVENTS = 'webitr.events';
export const EXCHANGE_DEAD_LETTER = 'webitr.events.dead-letter';

/** The services that consume events; each has exactly one work queue. */
export const CONSUMERS = ['gateway', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification'] as const;
export type ConsumerName = (typeof CONSUMERS)[number];

export interface Topology {
  eventsExchange: string;
  deadLetterExchange: string;
  queue(consumer: string): string;
  deadLetterQueue(consumer: string): string;
}

export function topology(namespace = ''): Topology {
  const ns = (name: string) => (namespace ? `${namespace}.${name}` : name);
  return {
    eventsExchange: ns(EXCHANGE_EVENTS),
    deadLetterExchange: ns(EXCHANGE_DEAD_LETTER),
    queue: (consumer) => ns(`${consumer}.events`),
    deadLetterQueue: (consumer) => ns(`${consumer}.events.dead`),
  };
}
