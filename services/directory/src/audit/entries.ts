import { randomUUID } from 'node:crypto';
import { currentContext } from '@webitr/platform';
import type { ChangeAction, ChangeLogEntry, TargetType } from '../models/change-log.ts';
import type { Actor } from '../domain/actor.ts';

/** A change-log entry stamped with the actor, the address and zone, and the request that caused it. */
export function changeEntry(
  actor: Actor,
  init: {
    action: ChangeAction;
    agencyIds: string[];
    targetType: TargetType;
    targetId: string;
    personId?: string;
    changes?: string[];
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
    note?: string;
  },
): ChangeLogEntry {
  const context = currentContext();
  return compact({
    _id: randomUUID(),
    at: new Date(),
    actorKind: actor.kind,
    actorId: actor.id,
    ip: actor.kind === 'person' ? actor.ip : undefined,
    zone: actor.kind === 'person' ? actor.zone : undefined,
    requestId: context?.requestId,
    correlationId: context?.correlationId,
    changes: [],
    ...init,
    agencyIds: [...new Set(init.agencyIds)],
  });
}

/** Only the fields whose values differ, as `{ changes, before, after }`. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { changes: string[]; before: Record<string, unknown>; after: Record<string, unknown> } {
  const changes = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !sameValue(before[key], after[key]));
  return {
    changes,
    before: compact(Object.fromEntries(changes.map((key) => [key, before[key]]))),
    after: compact(Object.fromEntries(changes.map((key) => [key, after[key]]))),
  };
}

export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
const normalise = (value: unknown) => (value === null || (Array.isArray(value) && value.length === 0) ? undefined : value);

/** Drop undefined fields (they would be stored as null). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
