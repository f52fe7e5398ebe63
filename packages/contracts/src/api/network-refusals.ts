// No zod here: the web app's initial bundle imports this.
/**
 * The gateway's refusals of a network zone (gateway/src/network/policy.ts):
 * the answer is another network (the intranet, the SSL-VPN, the agency's
 * own onsite network), so the web app shows how to connect, not an error.
 */
export const NETWORK_REFUSAL_CODES = {
  app: 'NETWORK_ZONE_REQUIRED',
  admin: 'ADMIN_ZONE_REQUIRED',
  onsite: 'ONSITE_REQUIRED',
  device: 'DEVICE_ONSITE_REQUIRED',
} as const;
