// Environment helpers for tests. `npm test` (scripts/test.ts) starts or finds
// MongoDB (FerretDB), RabbitMQ and Redis and passes them in through the
// environment, together with a namespace unique to the run; tests must use that
// namespace for database names, queue/exchange prefixes and Redis key prefixes
// so that runs never see each other's data.
import { randomBytes } from 'node:crypto';

let fallbackNamespace: string | undefined;

/**
 * The run's namespace: WEBITR_NAMESPACE, or — when a test is run outside
 * `npm test` — a random one, fixed for the life of the process.
 */
export function testNamespace(): string {
  const fromEnv = process.env['WEBITR_NAMESPACE']?.trim();
  if (fromEnv) return fromEnv;
  fallbackNamespace ??= `t${randomBytes(4).toString('hex')}`;
  return fallbackNamespace;
}

export interface TestUris {
  mongodb: string;
  amqp: string;
  redis: string;
}

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Connection strings of the test infrastructure. MONGODB_URI has no default
 * (there is no MongoDB on a developer machine; `npm test` starts FerretDB), so
 * its absence is an error that says how to run the tests.
 */
export function testUris(env: NodeJS.ProcessEnv = process.env): TestUris {
  const mongodb = env['MONGODB_URI']?.trim();
  if (!mongodb) {
    throw new Error(
      'MONGODB_URI is not set: run tests through `npm test` at the repository root ' +
        '(it starts FerretDB and sets MONGODB_URI, AMQP_URL and REDIS_URL), ' +
        'or set MONGODB_URI yourself.',
    );
  }
  return {
    mongodb,
    amqp: env['AMQP_URL']?.trim() || DEFAULT_AMQP_URL,
    redis: env['REDIS_URL']?.trim() || DEFAULT_REDIS_URL,
  };
}
