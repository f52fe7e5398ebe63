// The development identity provider as a process of its own (`npm start` runs it):
// the demo accounts, signing in to the gateway's portals. Development and tests only.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { bootOrExit, createLogger, listen } from '@webitr/platform';
import { demoIdpAccounts } from './demo.ts';
import { createDevIdp } from './provider.ts';
import type { DevIdpClient } from './provider.ts';

const clientSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(16),
  client_name: z.string().optional(),
  redirect_uris: z.array(z.url()).min(1),
  post_logout_redirect_uris: z.array(z.url()).optional(),
  backchannel_logout_uri: z.url().optional(),
});

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** The issuer identifier; the gateway's SSO_PORTALS point at it. */
  DEV_IDP_ISSUER: z.url().optional(),
  /** JSON array of the relying parties (the gateway, one client per portal). */
  DEV_IDP_CLIENTS: z.string().transform((text) => z.array(clientSchema).min(1).parse(JSON.parse(text))),
});

await bootOrExit('identity-provider', async () => {
  const config = configSchema.parse(process.env);
  if (config.NODE_ENV === 'production') throw new Error('the development identity provider never runs in production (NODE_ENV=production)');
  const logger = createLogger({ service: 'identity-provider', level: config.LOG_LEVEL });
  const issuer = config.DEV_IDP_ISSUER ?? `http://127.0.0.1:${config.PORT}`;
  const { app } = createDevIdp({
    issuer,
    clients: config.DEV_IDP_CLIENTS as DevIdpClient[],
    accounts: demoIdpAccounts(),
    // Fresh per start: nothing to keep, nothing committed.
    cookieKeys: [randomBytes(32).toString('base64url')],
    log: (message, fields) => logger.info(fields ?? {}, message),
  });
  const http = await listen(app, config.PORT, new URL(issuer).hostname.replace(/^\[(.*)\]$/, '$1'));
  logger.info({ url: http.url, issuer }, 'listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void http.close(2_000).then(() => process.exit(0)));
  }
});
