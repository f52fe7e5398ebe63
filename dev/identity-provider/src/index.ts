// The development identity provider, for the scripts and tests that run it in-process or wire it up.
export { createDevIdp } from './provider.ts';
export type { DevIdpAccount, DevIdpClient, DevIdpOptions } from './provider.ts';
export { demoIdpAccounts, gatewayClients } from './demo.ts';
export type { GatewayPortal } from './demo.ts';
