export * from './env.ts';
export * from './infra.ts';
export * from './tcp-proxy.ts';
