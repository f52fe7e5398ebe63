import { DEMO_ACCOUNTS, DEMO_AGENCIES } from '@webitr/contracts';
import type { DevIdpAccount, DevIdpClient } from './provider.ts';

/** The demo accounts (@webitr/contracts), with their agency's name for the login page. */
export function demoIdpAccounts(): DevIdpAccount[] {
  const agencies = new Map<string, string>(DEMO_AGENCIES.map((a) => [a.id, a.name]));
  return DEMO_ACCOUNTS.map((a) => ({ ...a, agencyName: agencies.get(a.agencyId) }));
}

/** A portal as the gateway is configured with it (SSO_PORTALS), as far as its client at the identity provider goes. */
export interface GatewayPortal {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The gateway's clients at the identity provider, one per portal: its
 * callback, the signed-out page it returns to after logout, and its
 * back-channel logout endpoint, all under the gateway's public URL.
 */
export function gatewayClients(gatewayUrl: string, portals: readonly GatewayPortal[]): DevIdpClient[] {
  return portals.map((p) => ({
    client_id: p.clientId,
    client_secret: p.clientSecret,
    client_name: `WebITR 差勤系統（${p.name}）`,
    redirect_uris: [`${gatewayUrl}/sso/${p.id}/callback`],
    post_logout_redirect_uris: [`${gatewayUrl}/signed-out`],
    backchannel_logout_uri: `${gatewayUrl}/sso/${p.id}/backchannel-logout`,
  }));
}
