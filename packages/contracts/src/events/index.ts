import type { z } from 'zod';
import { approvalEvents } from './approval.ts';
import { directoryEvents } from './directory.ts';
import { leaveEvents } from './leave.ts';

/** Every event type the system knows, with the schema of its payload. */
export const eventCatalog = {
  ...directoryEvents,
  ...leaveEvents,
  ...approvalEvents,
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof eventCatalog)[T]>;

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

export * from './directory.ts';
export * from './leave.ts';
export * from './approval.ts';
