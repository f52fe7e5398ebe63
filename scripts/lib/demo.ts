// How the processes of `npm start` (and the gateway benchmark) find each
// other: the gateway's portals at the development identity provider, the
// services' URLs, the network zones of a machine where everything is local.
import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_AGENCIES } from '@webitr/contracts';
import { gatewayClients } from '@webitr/dev-identity-provider';
import type { SystemProcess } from './system.ts';

export interface DemoSso {
  /** Environment of the gateway: portals, service URLs, public URL, zones. */
  gateway: Record<string, string>;
  /** Environment of the development identity provider: its issuer and the gateway's clients. */
  identityProvider: Record<string, string>;
}

/** The two demo portals and the agencies that sign in through each. */
const DEMO_PORTALS = [
  {
    id: 'kh-edu',
    name: '高雄市教育局資訊服務入口（開發用）',
    scopes: ['openid', 'email', 'profile'],
    linkBy: 'email',
    agencies: ['KH-EDU', 'KH-GUANGHUA-ES'],
  },
  {
    id: 'tp-isw',
    name: '臺北市政府員工愛上網（開發用）',
    scopes: ['openid', 'profile', 'national_id'],
    linkBy: 'national-id',
    agencies: ['TP-DOIT'],
  },
] as const;

/** `{ agencyId: portal id }`: the portal a mail's deep link signs in through (the notification service's NOTIFICATION_PORTALS). */
export function demoPortalOfAgency(): Record<string, string> {
  return Object.fromEntries(DEMO_PORTALS.flatMap((portal) => portal.agencies.map((agency) => [agency, portal.id])));
}

/**
 * Two portals at one development identity provider, like the two ways in the
 * seeds: the Kaohsiung education portal (linked by e-mail, its schools) and
 * the Taipei employee portal (linked by national ID, the city's agencies).
 * Client secrets are made fresh at each start.
 */
export function demoSso(processes: readonly Pick<SystemProcess, 'name' | 'port'>[]): DemoSso {
  const port = (name: string) => processes.find((p) => p.name === name)!.port;
  const gatewayUrl = `http://127.0.0.1:${port('gateway')}`;
  const issuer = `http://127.0.0.1:${port('identity-provider')}`;
  const secret = () => randomBytes(24).toString('base64url');
  const portals = DEMO_PORTALS.map(({ id, name, scopes, linkBy, agencies }) => ({
    id,
    name,
    issuer,
    clientId: `webitr-${id}`,
    clientSecret: secret(),
    scopes: [...scopes],
    linkBy,
    agencies: [...agencies],
  }));
  return {
    gateway: {
      PUBLIC_URL: gatewayUrl,
      SSO_PORTALS: JSON.stringify(portals),
      // Everything runs on this machine: loopback is the intranet, so the whole app opens here.
      // NETWORK_ZONES in the environment replaces it (the browser tests add an onsite zone and leave an address outside).
      NETWORK_ZONES: process.env['NETWORK_ZONES'] || JSON.stringify({ intranet: ['127.0.0.0/8', '::1/128'] }),
      APP_ZONES: 'intranet,vpn',
      DIRECTORY_URL: `http://127.0.0.1:${port('directory')}`,
      LEAVE_URL: `http://127.0.0.1:${port('leave')}`,
      APPROVAL_URL: `http://127.0.0.1:${port('approval')}`,
      PUNCH_CARD_INGEST_URL: `http://127.0.0.1:${port('punch-card-ingest')}`,
      NOTIFICATION_URL: `http://127.0.0.1:${port('notification')}`,
    },
    identityProvider: { DEV_IDP_ISSUER: issuer, DEV_IDP_CLIENTS: JSON.stringify(gatewayClients(gatewayUrl, portals)) },
  };
}

/** The demo accounts as `npm start` prints them. */
export function demoAccountLines(gatewayUrl: string): string[] {
  const agency = (id: string) => DEMO_AGENCIES.find((a) => a.id === id)?.name ?? id;
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
  return [
    `  Demo accounts (password: ${DEMO_ACCOUNTS[0]!.password}), at the portal's login page:`,
    ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(width)}  ${a.name}  ${agency(a.agencyId)}  ${a.purpose}`),
    '',
    `  Portal tiles: ${gatewayUrl}/tile/kh-edu  ${gatewayUrl}/tile/tp-isw`,
  ];
}

/**
 * demoSso for a benchmark that runs some of the processes on ports of its own:
 * those not given are put on port 9 (discard), where nothing answers.
 */
export function benchSso(ports: Readonly<Record<string, number>>): DemoSso {
  const names = ['gateway', 'identity-provider', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification'];
  return demoSso(names.map((name) => ({ name, port: ports[name] ?? 9 })));
}
