import { z } from 'zod';
import { privateJwkSchema, trustedKeysSchema } from './auth/assertion.ts';

/**
 * Configuration is read once at boot from the environment and validated with one
 * zod schema per process. A bad or missing value stops the process with a message
 * naming the variable; secrets have defaults only in development and test.
 */
export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];
  constructor(problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const nodeEnvSchema = z.enum(['development', 'test', 'production']).default('development');
export type NodeEnv = z.infer<typeof nodeEnvSchema>;

const port = z.coerce.number().int().min(0).max(65535);

/** Variables every process shares: where the infrastructure is and how to log. */
export const baseConfigShape = {
  NODE_ENV: nodeEnvSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: port,
  /** Address to listen on: loopback on one machine; `0.0.0.0` in a pod, where the kubelet's probes and the gateway come over the pod's network. */
  HOST: z.string().min(1).optional(),
  /** In production a replica set with majority reads and writes (see mongoUriProblems). */
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  /** One broker or the nodes of a cluster, comma-separated: connections go round the list, so a node that is down is skipped. */
  AMQP_URL: z
    .string()
    .refine(
      (text) => amqpUrls(text).length > 0 && amqpUrls(text).every((url) => /^amqps?:\/\/[^,\s]+$/.test(url)),
      'must be amqp:// or amqps:// URLs, comma-separated',
    ),
  /** Redis; with REDIS_SENTINELS only its scheme (rediss: TLS), user, password and database are used: Sentinel names the master. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  /** Redis Sentinel: `host:port` of each sentinel, comma-separated; unset for a single Redis. */
  REDIS_SENTINELS: z
    .string()
    .optional()
    .transform((text) =>
      text === undefined
        ? undefined
        : text
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:,[\]]+):\d{1,5}$/, 'each must be host:port, e.g. redis-sentinel-0:26379 or [fd00::1]:26379'),
        )
        .min(1)
        .optional(),
    ),
  /** The master's name as the sentinels know it (ioredis `name`); required with REDIS_SENTINELS. */
  REDIS_SENTINEL_MASTER: z.string().min(1).optional(),
  /** The sentinels' own password, if they have one (ioredis `sentinelPassword`). */
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /** Prefix for database names, exchanges, queues and Redis keys (a test run, a staging copy). */
  WEBITR_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9-]*$/, 'lower-case letters, digits and dashes only')
    .default(''),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** This process's key for signing identity assertions (EC P-256 private JWK); never defaulted. */
  ASSERTION_PRIVATE_KEY: privateJwkSchema,
  /** Public keys of the issuers this process trusts: `{ "gateway": <JWK>, "leave": <JWK>, ... }`. */
  ASSERTION_TRUSTED_KEYS: trustedKeysSchema,
};

/**
 * A secret that must be given in production. In development and test the
 * fallback is used so that `npm start` works on a fresh clone.
 */
export function secret(devFallback: string, minLength = 16) {
  return z.string().min(minLength, `must be at least ${minLength} characters`).default(devFallback).meta({ secret: true });
}

const isSecret = (schema: unknown) => (schema as z.ZodType).meta?.()?.secret === true;

/** Infrastructure defaults for this machine; production must set every one explicitly. */
const developmentDefaults: Record<string, string> = {
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

/** The brokers named in AMQP_URL (one URL, or a cluster's nodes comma-separated). */
export function amqpUrls(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * What production requires of MONGODB_URI, said per problem. The data model
 * rests on single-document conditional updates (version checks, balances,
 * leases, outboxes): acknowledged by a majority (`w=majority`) they survive a
 * failover, read with `readConcernLevel=majority` nobody acts on a write that
 * a failover rolls back, and read from the primary (the default read
 * preference) a version check reads what it then updates.
 */
export function mongoUriProblems(uri: string): string[] {
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const options = new Map([...new URLSearchParams(query)].map(([k, v]) => [k.toLowerCase(), v]));
  const problems: string[] = [];
  if (!uri.startsWith('mongodb+srv://') && !options.has('replicaset'))
    problems.push('must name the replica set (replicaSet=…), or be a mongodb+srv:// URI');
  if (options.get('w') !== 'majority') problems.push('must ask for w=majority');
  if (options.get('readconcernlevel') !== 'majority') problems.push('must ask for readConcernLevel=majority');
  const readPreference = options.get('readpreference');
  if (readPreference !== undefined && readPreference !== 'primary')
    problems.push('must read from the primary (readPreference=primary or unset): version checks read what they update');
  return problems;
}

/** Checks across variables, and production's rules for the engines as operated. */
function engineProblems(values: Record<string, string>, isProduction: boolean): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  if (isProduction && values['MONGODB_URI'] !== undefined)
    problems.push(...mongoUriProblems(values['MONGODB_URI']).map((message) => ({ variable: 'MONGODB_URI', message })));
  if (values['REDIS_SENTINELS'] !== undefined && values['REDIS_SENTINEL_MASTER'] === undefined)
    problems.push({
      variable: 'REDIS_SENTINEL_MASTER',
      message: 'is required with REDIS_SENTINELS (the master name the sentinels monitor)',
    });
  return problems;
}

export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const isProduction = (env.NODE_ENV ?? 'development') === 'production';
  const values = isProduction ? stripEmpty(env) : { ...developmentDefaults, ...stripEmpty(env) };
  const missingSecrets = isProduction
    ? Object.entries(schema.shape)
        .filter(([name, field]) => isSecret(field) && values[name] === undefined)
        .map(([name]) => ({ variable: name, message: 'is required in production (no default secrets)' }))
    : [];
  const result = schema.safeParse(values);
  const problems = [
    ...missingSecrets,
    ...('MONGODB_URI' in schema.shape ? engineProblems(values, isProduction) : []),
    ...(result.error?.issues ?? []).map((issue) => {
      const variable = issue.path.join('.') || '(root)';
      // A problem inside a variable (a list's item, a JSON field) is named by its path; it is "required" only when the variable is unset.
      return { variable, message: values[String(issue.path[0] ?? '')] === undefined ? 'is required' : issue.message };
    }),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** An empty variable (`FOO=`) counts as unset, so defaults and "is required" apply. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}
