import amqplib from 'amqplib';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import { CONSUMERS, topology } from '@webitr/contracts';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, testNamespace, testUris } from './env.ts';

let suites = 0;

/**
 * A namespace of its own for one test suite inside the run's namespace, so
 * suites of one package never share queues, databases or keys either.
 */
export function suiteNamespace(label: string): string {
  suites += 1;
  return `${testNamespace()}-${label}-${suites}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/**
 * One signing key for the whole test process, trusted under every issuer name,
 * so a test can sign as the gateway or as any service.
 */
let keys: Promise<{ privateJwk: JWK; publicJwk: JWK }> | undefined;
export async function testAssertionKeys(): Promise<{ privateJwk: JWK; publicJwk: JWK; trusted: Record<string, JWK> }> {
  keys ??= generateKeyPair('ES256', { extractable: true }).then(async ({ privateKey, publicKey }) => ({
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
  }));
  const { privateJwk, publicJwk } = await keys;
  const trusted = Object.fromEntries(['gateway', ...CONSUMERS, 'runtime-test'].map((issuer) => [issuer, publicJwk]));
  return { privateJwk, publicJwk, trusted };
}

/** The base configuration (as environment strings) a service runtime needs, pointed at the test infrastructure. */
export async function testServiceConfig(namespace: string, overrides: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const uris = testUris();
  const { privateJwk, trusted } = await testAssertionKeys();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    PORT: '0',
    MONGODB_URI: uris.mongodb,
    AMQP_URL: uris.amqp,
    REDIS_URL: uris.redis,
    WEBITR_NAMESPACE: namespace,
    SHUTDOWN_TIMEOUT_MS: '5000',
    ASSERTION_PRIVATE_KEY: JSON.stringify(privateJwk),
    ASSERTION_TRUSTED_KEYS: JSON.stringify(trusted),
    ...overrides,
  };
}

/**
 * Remove what a suite created: its queues and exchanges, its databases and its
 * Redis keys. Runs leave nothing behind.
 */
export async function cleanupNamespace(options: {
  namespace: string;
  consumers?: readonly string[];
  databases?: readonly string[];
}): Promise<void> {
  // MONGODB_URI is needed only to drop databases: a suite whose system ran its own store cleans up without it.
  const uris = options.databases?.length
    ? testUris()
    : {
        amqp: process.env['AMQP_URL']?.trim() || DEFAULT_AMQP_URL,
        redis: process.env['REDIS_URL']?.trim() || DEFAULT_REDIS_URL,
        mongodb: '',
      };
  const names = topology(options.namespace);
  const connection = await amqplib.connect(uris.amqp);
  try {
    for (const consumer of options.consumers ?? []) {
      for (const queue of [names.queue(consumer), names.deadLetterQueue(consumer)]) {
        // A failed delete closes the channel, so each gets its own.
        const channel = await connection.createChannel();
        await channel.deleteQueue(queue).catch(() => undefined);
        await channel.close().catch(() => undefined);
      }
    }
    for (const exchange of [names.eventsExchange, names.deadLetterExchange]) {
      const channel = await connection.createChannel();
      await channel.deleteExchange(exchange).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
  if (options.databases?.length) {
    const mongo = await mongoose.createConnection(uris.mongodb).asPromise();
    try {
      for (const db of options.databases) await mongo.useDb(db).dropDatabase();
    } finally {
      await mongo.close();
    }
  }
  const redis = new Redis(uris.redis);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${options.namespace}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Poll until `probe` returns a value (not undefined), or fail after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
