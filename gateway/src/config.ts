import { z } from 'zod';
import { baseConfigShape, secret } from '@webitr/platform';
import { networkZoneSchema } from '@webitr/contracts';
import { parseCidr } from './network/zones.ts';

/**
 * Configuration of the gateway, validated at boot. Everything that differs
 * between deployments (Taipei reaches the system through its SSL-VPN only,
 * Kaohsiung's education portal is public) is here, not in code.
 */

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

/** JSON in an environment variable, parsed and then validated by `schema`. */
function json<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** An http(s) origin written as browsers write it (`https://portal.kh.edu.tw`, `http://127.0.0.1:8080`): no path, no wildcard, nothing else. */
const originSchema = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}, 'each must be an origin such as https://portal.example.gov.tw (scheme, host and port only)');

export const portalIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'portal id: lower-case letters, digits and dashes');

/** One trusted portal (OpenID Provider) the gateway is a relying party of. */
export const portalSchema = z.object({
  id: portalIdSchema,
  /** As people know it, e.g. 高雄市政府教育局資訊服務入口. */
  name: z.string().min(1),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(16),
  scopes: z
    .array(z.string().min(1))
    .default(['openid', 'email', 'profile'])
    .refine((s) => s.includes('openid'), 'must include openid'),
  /** Which claim links a portal account to a person in the directory. */
  linkBy: z.enum(['sub', 'email', 'national-id']),
  /** The claim that carries the national ID number when linkBy is national-id. */
  nationalIdClaim: z.string().default('national_id'),
  /** Agencies whose people may sign in through this portal; ["*"] for any. */
  agencies: z.array(z.string().min(1)).min(1),
});
export type PortalConfig = z.infer<typeof portalSchema>;

const cidrList = z.array(z.string().refine((c) => parseCidr(c) !== undefined, 'must be a CIDR such as 10.0.0.0/8 or fd00::/8'));

/** A zone list or `any` (the internet too). */
const zoneList = (fallback: string) =>
  list(fallback)
    .pipe(z.array(z.union([z.literal('any'), networkZoneSchema])).min(1))
    .transform((zones) => (zones.includes('any') ? ('any' as const) : zones));

/** A variable that no longer exists: set, it stops the process with a message saying why. */
const removed = (message: string) => z.undefined({ error: message }).optional();

const serviceUrl = (port: number) => z.url().default(`http://127.0.0.1:${port}`);

export const configSchema = z.object({
  ...baseConfigShape,
  PORT: baseConfigShape.PORT.default(3000),
  /** Address to listen on; `::` accepts IPv4 and IPv6 (IPv4 peers then appear as ::ffff:a.b.c.d). */
  HOST: z.string().default('127.0.0.1'),
  /**
   * Port of the gateway's `/metrics` (Prometheus), apart from the public port so that no client reaches it;
   * 0 = any free port (logged at start; tests). Deployments set it (9464 in infra/k8s).
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** Address of the metrics port: the pod's network in a cluster (`0.0.0.0`), loopback on one machine. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** The origin people see (scheme, host, port): callback and logout URLs are built from it; return_to must stay on it. */
  PUBLIC_URL: z
    .url()
    .default('http://127.0.0.1:3000')
    .transform((u) => new URL(u).origin),

  /** JSON array of portals (see portalSchema). Holds client secrets: required in production. */
  SSO_PORTALS: json(z.array(portalSchema).min(1)).meta({ secret: true }),
  /** The portal the web app's 登入 link uses; the first one if unset. */
  SSO_DEFAULT_PORTAL: portalIdSchema.optional(),
  /** Seconds an unfinished sign-in (state, nonce, PKCE verifier) is kept. */
  SSO_PENDING_TTL_SECONDS: z.coerce.number().int().positive().default(600),

  /** Secrets that sign the session cookie; comma-separated, the first signs, all verify (rotation). */
  SESSION_SECRET: secret('development-only-session-secret-0123456789', 32),
  /** Secret for the CSRF tokens' HMAC. */
  CSRF_SECRET: secret('development-only-csrf-secret-0123456789ab', 32),
  /** Secure cookies (with the __Host- prefix); default: everywhere but NODE_ENV=development over plain HTTP. */
  SESSION_COOKIE_SECURE: z.stringbool().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /**
   * How long each gateway instance keeps a session it has read from Redis (seconds; 0: not at all). Ended
   * sessions are dropped at once everywhere over Redis pub/sub, and while that channel is down every request
   * reads Redis; a few seconds save the read on nearly every request of a busy person.
   */
  SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(10).default(5),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(10),

  /** `{ "<zone>": ["<cidr>", ...] }`: intranet, vpn (the SSL-VPN address pool), onsite-<agency id in lower case> for web punching. */
  NETWORK_ZONES: json(z.record(networkZoneSchema, cidrList)).default({}),
  /** Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: addresses or CIDRs, comma-separated (proxy-addr syntax, e.g. loopback). */
  TRUSTED_PROXIES: list(''),
  /** Zones the whole app is open to, or `any` (the internet too). */
  APP_ZONES: zoneList('any'),
  /** Zones administration is open to. */
  ADMIN_ZONES: zoneList('intranet,vpn'),
  /**
   * Removed: administration and web punching are the operations marked `admin`
   * and `onsite` in the services' route tables (@webitr/contracts). A
   * deployment that still sets them is told so rather than silently ignored.
   */
  ADMIN_PATHS: removed('removed: administration is every operation marked admin in the route tables of @webitr/contracts; unset it'),
  WEB_PUNCH_PATHS: removed('removed: web punching is every operation marked onsite in the route tables of @webitr/contracts; unset it'),
  /** How to reach a required network, shown on refusals. */
  VPN_NAME: z.string().default('機關 SSL-VPN'),
  VPN_URL: z.url().optional(),

  /** Any one of these apps (可用系統) lets a person in. */
  ENTITLED_APPS: list('webitr,webitr-edu'),
  /** How long a person's directory record (status, roles, apps) is cached; directory events drop it at once. */
  PERSON_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(300),

  DIRECTORY_URL: serviceUrl(3011),
  LEAVE_URL: serviceUrl(3012),
  APPROVAL_URL: serviceUrl(3013),
  PUNCH_CARD_INGEST_URL: serviceUrl(3014),
  NOTIFICATION_URL: serviceUrl(3015),

  /** Sign-in starts per client address per minute. */
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Writes (POST, PUT, PATCH, DELETE) per person per minute. */
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Calls of card machines (operations marked `device`) per client address per minute. */
  RATE_LIMIT_DEVICE_PER_MINUTE: z.coerce.number().int().positive().default(120),

  /**
   * Origins allowed to embed the portal tile in a frame (the portals' pages), comma-separated; none by default.
   * Each must be an origin exactly (scheme, host, port if not the default): it becomes a CSP frame-ancestors source.
   */
  TILE_FRAME_ANCESTORS: list('').pipe(z.array(originSchema)),
  /** Directory of the portal-plugin's built files; default: the workspace's portal-plugin/dist. */
  PORTAL_PLUGIN_DIR: z.string().optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Secure cookies unless explicitly turned off, or in development by default. */
export const cookiesSecure = (config: Pick<Config, 'SESSION_COOKIE_SECURE' | 'NODE_ENV'>): boolean =>
  config.SESSION_COOKIE_SECURE ?? config.NODE_ENV !== 'development';

/** Cross-field rules zod cannot see field by field. */
export function checkConfig(config: Config): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const portal of config.SSO_PORTALS) {
    if (ids.has(portal.id)) problems.push(`SSO_PORTALS: portal id ${portal.id} appears twice`);
    ids.add(portal.id);
    if (config.NODE_ENV === 'production' && new URL(portal.issuer).protocol !== 'https:')
      problems.push(`SSO_PORTALS: ${portal.id} issuer must be https in production`);
  }
  if (config.SSO_DEFAULT_PORTAL && !ids.has(config.SSO_DEFAULT_PORTAL))
    problems.push(`SSO_DEFAULT_PORTAL: no portal ${config.SSO_DEFAULT_PORTAL}`);
  if (config.NODE_ENV === 'production') {
    if (!cookiesSecure(config)) problems.push('SESSION_COOKIE_SECURE: must be true in production');
    if (new URL(config.PUBLIC_URL).protocol !== 'https:') problems.push('PUBLIC_URL: must be https in production');
    for (const origin of config.TILE_FRAME_ANCESTORS)
      if (!origin.startsWith('https:')) problems.push(`TILE_FRAME_ANCESTORS: ${origin} must be https in production`);
  }
  return problems;
}
