import { z } from 'zod';

/** An app (可用系統) was granted to or revoked from one person. The gateway drops its cached entitlement at once. */
export const entitlementChangedPayload = z.object({
  personId: z.string().min(1),
  agencyId: z.string().min(1),
  app: z.string().min(1),
  actorId: z.string().min(1),
});

/** A person's record changed (status, unit, roles); caches of that person are dropped. */
export const personChangedPayload = z.object({
  personId: z.string().min(1),
  agencyId: z.string().min(1),
  changes: z.array(z.string()),
});

/** A unit's name, parent or head changed: supervisor chains through it may have changed. */
export const unitChangedPayload = z.object({
  unitId: z.string().min(1),
  agencyId: z.string().min(1),
  changes: z.array(z.string()),
});

export const directoryEvents = {
  'directory.entitlement.granted': entitlementChangedPayload,
  'directory.entitlement.revoked': entitlementChangedPayload,
  'directory.person.changed': personChangedPayload,
  'directory.unit.changed': unitChangedPayload,
} as const;
