// The pieces the gateway tests run against, all real: the directory service
// (spawned from its main.ts, seeded with the demo accounts), the development
// identity provider, a service behind the gateway, and gateways with the
// configuration each suite needs.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type { IdentityClaims } from '@webitr/contracts';
import {
  AssertionVerifier,
  createHttpApp,
  currentContext,
  createLogger,
  databaseName,
  listen,
  loadConfig,
  requireAssertion,
  ServiceRuntime,
  identityOf,
} from '@webitr/platform';
import type { RunningServer } from '@webitr/platform';
import { cleanupNamespace, suiteNamespace, testAssertionKeys, testServiceConfig } from '@webitr/testkit';
import { configSchema } from '../../src/config.ts';
import type { Config, PortalConfig } from '../../src/config.ts';
import { startGateway } from '../../src/gateway.ts';
import type { GatewayOptions, RunningGateway } from '../../src/gateway.ts';
import { createDevIdp, demoIdpAccounts, gatewayClients } from '@webitr/dev-identity-provider';
import type { DevIdpAccount, DevIdpClient } from '@webitr/dev-identity-provider';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const logger = createLogger({ service: 'gateway-test', level: (process.env.LOG_LEVEL ?? 'silent') as 'silent' });

/** One namespace for the whole gateway test run: the directory publishes where the gateways consume. */
export const namespace = suiteNamespace('gw');

/** The network of the tests: a reverse proxy at 127.0.0.2, zones in 10/8 (via the proxy) and 127.x (direct). */
export const NETWORK = {
  trustedProxy: '127.0.0.2',
  zones: {
    intranet: ['10.0.0.0/8', '127.10.0.0/16'],
    vpn: ['10.250.0.0/16', '127.20.0.0/16'],
    'onsite-kh-guanghua-es': ['10.30.1.0/24', '127.30.1.0/24'],
    'onsite-tp-doit': ['10.40.1.0/24'],
  },
  vpnClient: '10.250.0.7',
  intranetClient: '10.1.2.3',
  guanghuaOnsite: '10.30.1.20',
  doitOnsite: '10.40.1.20',
  internetClient: '203.0.113.7',
};

/** An account the identity provider has and the directory does not: 查無此人員資料. */
export const STRANGER: DevIdpAccount = {
  username: 'stranger',
  password: 'demo',
  name: '路人甲',
  email: 'stranger@nowhere.demo',
  nationalId: 'F123456789',
};

/** A valid national ID number (checksum included) nobody else in the run has: for people a suite adds to the directory. */
export function freshNationalId(): string {
  const digits = [randomInt(1, 3), ...Array.from({ length: 7 }, () => randomInt(0, 10))];
  // A = 10: 1×1 + 0×9; then the digits weighted 8..2; the check digit makes the sum a multiple of 10.
  const sum = 1 + digits.reduce((total, d, i) => total + d * (8 - i), 0);
  return `A${digits.join('')}${(10 - (sum % 10)) % 10}`;
}

// ------------------------------------------------------------ directory ----

type Spawned = Promise<{ url: string; child: ChildProcess }>;
const spawned = new Map<string, Spawned>();

/** The real directory service, spawned once per test process, demo accounts seeded. */
export function directoryService(): Spawned {
  return spawnService('directory', { DIRECTORY_SEED_DEMO: 'true' });
}

/** The real leave, approval, notification and punch-card-ingest services (approval with the demo flows), spawned once per test process when a suite needs them. */
export async function realService(name: 'leave' | 'approval' | 'notification' | 'punch-card-ingest'): Spawned {
  const dir = await directoryService();
  return spawnService(name, { DIRECTORY_URL: dir.url, ...(name === 'approval' ? { APPROVAL_SEED_DEMO: 'true' } : {}) });
}

function spawnService(name: string, extraEnv: Record<string, string>): Spawned {
  let service = spawned.get(name);
  if (service) return service;
  service = (async () => {
    const env = await testServiceConfig(namespace, { ...extraEnv, LOG_LEVEL: 'info', PORT: '0' });
    const child = spawn(process.execPath, [path.join(ROOT, 'services', name, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s\n${stderr}`)), 60_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (process.env.LOG_LEVEL && process.env.LOG_LEVEL !== 'silent') process.stdout.write(`[${name}] ${line}\n`);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'listening' && entry.url) {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          /* not a log line */
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready\n${stderr}`));
      });
    });
    return { url, child };
  })();
  spawned.set(name, service);
  return service;
}

// ----------------------------------------------------- identity provider ----

export interface IdpHandle {
  issuer: string;
  server: Server;
  /** The provider's signing key (private JWK), to forge logout tokens in tests. */
  signingKey: JWK;
  /** Register the relying parties once their callback URLs are known. */
  attach(clients: DevIdpClient[]): void;
  close(): Promise<void>;
}

/** The development identity provider on a port of its own; clients attached later (the gateway's URL is needed first). */
export async function startIdp(extraAccounts: DevIdpAccount[] = [STRANGER]): Promise<IdpHandle> {
  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end('not ready');
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `k${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
  return {
    issuer,
    server,
    signingKey,
    attach(clients) {
      const { app } = createDevIdp({
        issuer,
        clients,
        accounts: [...demoIdpAccounts(), ...extraAccounts],
        jwks: { keys: [signingKey] },
        cookieKeys: ['test-cookie-key'],
      });
      handler = app as unknown as RequestListener;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------- a service behind ----

export interface EchoService {
  url: string;
  /** What the service saw, newest last. */
  seen: {
    identity: IdentityClaims;
    ids: { requestId?: string; correlationId?: string };
    path: string;
    method: string;
    headers: Record<string, unknown>;
    body: string;
  }[];
  server: RunningServer;
}

/**
 * A service as every service is built (the platform's HTTP app, refusing any
 * call without a valid assertion for its audience) that answers with what it
 * received: stands in for leave, approval, punch-card ingest and notification,
 * whose own routes are other issues'.
 */
export async function startEchoService(audience: string): Promise<EchoService> {
  const { trusted } = await testAssertionKeys();
  const verifier = new AssertionVerifier(audience, trusted);
  const seen: EchoService['seen'] = [];
  const app = createHttpApp({
    service: audience,
    logger,
    readiness: [],
    routes: (app) => {
      app.use(requireAssertion(verifier));
      app.all('/{*rest}', (req, res) => {
        const context = currentContext();
        const entry = {
          identity: identityOf(res),
          ids: { requestId: context?.requestId, correlationId: context?.correlationId },
          path: req.originalUrl,
          method: req.method,
          headers: { ...req.headers },
          body: JSON.stringify(req.body ?? null),
        };
        seen.push(entry);
        res.setHeader('set-cookie', 'evil=1; Path=/');
        res.json({ service: audience, path: req.originalUrl, identity: entry.identity });
      });
    },
  });
  const server = await listen(app, 0);
  return { url: server.url, seen, server };
}

// -------------------------------------------------------------- gateway ----

export const CLIENT_SECRET = 'test-client-secret-0123456789';

export function portalConfigs(issuer: string): PortalConfig[] {
  return [
    {
      id: 'kh-edu',
      name: '高雄市教育局資訊服務入口',
      issuer,
      clientId: 'webitr-kh-edu',
      clientSecret: CLIENT_SECRET,
      scopes: ['openid', 'email', 'profile'],
      linkBy: 'email',
      nationalIdClaim: 'national_id',
      agencies: ['KH-EDU', 'KH-GUANGHUA-ES'],
    },
    {
      id: 'tp-isw',
      name: '臺北市政府員工愛上網',
      issuer,
      clientId: 'webitr-tp-isw',
      clientSecret: CLIENT_SECRET,
      scopes: ['openid', 'profile', 'national_id'],
      linkBy: 'national-id',
      nationalIdClaim: 'national_id',
      agencies: ['TP-DOIT'],
    },
  ];
}

export interface TestGateway extends RunningGateway {
  runtime: ServiceRuntime<Config>;
  config: Config;
  close(): Promise<void>;
}

/** A gateway on a port of its own, behind the test network's proxy, pointing at the real directory. */
export async function startTestGateway(options: {
  portals: PortalConfig[];
  env?: Record<string, string>;
  services?: Partial<Record<'LEAVE_URL' | 'APPROVAL_URL' | 'PUNCH_CARD_INGEST_URL' | 'NOTIFICATION_URL', string>>;
  gateway?: GatewayOptions;
}): Promise<TestGateway> {
  const dir = await directoryService();
  // The public URL must be known before the gateway listens: take a free port first.
  const port = await freePort();
  const env = await testServiceConfig(namespace, {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SSO_PORTALS: JSON.stringify(options.portals),
    NETWORK_ZONES: JSON.stringify(NETWORK.zones),
    TRUSTED_PROXIES: NETWORK.trustedProxy,
    APP_ZONES: 'intranet,vpn',
    ADMIN_ZONES: 'intranet,vpn',
    VPN_NAME: '臺北市政府 SSL-VPN',
    VPN_URL: 'https://vpn.example.gov.tw/',
    DIRECTORY_URL: dir.url,
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    CSRF_SECRET: 'test-csrf-secret-0123456789abcdefgh',
    // Every suite signs in from the same few addresses; the rate-limit suite sets its own limits.
    RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    ...options.services,
    ...options.env,
  });
  const config = loadConfig(configSchema, env);
  const runtime = await ServiceRuntime.start('gateway', config, logger);
  const running = await startGateway(runtime, options.gateway);
  return {
    ...running,
    runtime,
    config,
    url: `http://127.0.0.1:${port}`,
    close: () => runtime.lifecycle.shutdown('test over'),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A gateway and its identity provider, wired together: what most suites need. */
export async function startWorld(
  options: { env?: Record<string, string>; services?: Parameters<typeof startTestGateway>[0]['services']; gateway?: GatewayOptions } = {},
): Promise<{ idp: IdpHandle; gateway: TestGateway; close(): Promise<void> }> {
  const idp = await startIdp();
  const portals = portalConfigs(idp.issuer);
  const gateway = await startTestGateway({ portals, env: options.env, services: options.services, gateway: options.gateway });
  idp.attach(gatewayClients(gateway.url, portals));
  return {
    idp,
    gateway,
    close: async () => {
      await gateway.close();
      await idp.close();
    },
  };
}

/** Stop the services the run spawned (the directory last: the others call it) and remove everything the run created. */
export async function stopAll(): Promise<void> {
  const names = [...spawned.keys()].sort((a, b) => Number(a === 'directory') - Number(b === 'directory'));
  for (const name of names) {
    const { child } = await spawned.get(name)!.catch(() => ({ child: undefined }));
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  const services = ['gateway', 'directory', ...names.filter((n) => n !== 'directory')];
  await cleanupNamespace({ namespace, consumers: services, databases: services.map((s) => databaseName(s, namespace)) });
}
