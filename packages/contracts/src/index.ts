export * from './topology.ts';
export * from './envelope.ts';
export * from './events/index.ts';
export * from './api/problem.ts';
export * from './api/health.ts';
export * from './api/identity.ts';
export type { Operation } from './api/operation.ts';
export { createOpenApiDocument } from './openapi.ts';
