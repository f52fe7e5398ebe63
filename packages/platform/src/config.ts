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
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  AMQP_URL: z.string().regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
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
    ...(result.error?.issues ?? []).map((issue) => {
      const variable = issue.path.join('.') || '(root)';
      return { variable, message: values[variable] === undefined ? 'is required' : issue.message };
    }),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** An empty variable (`FOO=`) counts as unset, so defaults and "is required" apply. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}
