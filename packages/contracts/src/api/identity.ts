import { z } from 'zod';

/**
 * Roles, each scoped to an agency (機關). The unit supervisor role is derived
 * from the unit tree (head of a unit); the others are granted.
 */
export const roleNameSchema = z.enum([
  'employee',
  'unit-supervisor', // 單位主管
  'attendance-manager', // 差勤管理者
  'agency-admin', // 機關管理員
  'system-admin', // 系統管理者
]);
export type RoleName = z.infer<typeof roleNameSchema>;

export const scopedRoleSchema = z.object({ role: roleNameSchema, agencyId: z.string().min(1) });
export type ScopedRole = z.infer<typeof scopedRoleSchema>;

/** Network zones the gateway recognises (configured by CIDR). */
export const networkZoneSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/)
  .meta({ description: 'e.g. intranet, vpn, onsite-<agency>, internet' });

/**
 * Who is calling, as the gateway (or a calling service) asserts it in a signed,
 * short-lived JWT. Services trust nothing else about the caller.
 *
 * The signed token also carries the request and correlation ids (`rid`, `cid`,
 * added by packages/platform's assertion signer), one token per call, so a
 * service's logs and events name the request the gateway saw, not what a
 * header claims.
 */
export const identityClaimsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    /** The person's id in the directory. */
    sub: z.string().min(1),
    agencyId: z.string().min(1),
    roles: z.array(scopedRoleSchema),
    zone: networkZoneSchema,
    /** The client address the gateway saw (after its trusted-proxy rules), for audit trails. Optional. */
    ip: z.string().min(1).max(64).optional(),
  }),
  z.object({
    /**
     * A machine the gateway forwards without a session (an operation marked
     * `device`): the gateway vouches only for where the call came from; the
     * service authenticates the machine itself (its own key) and checks that
     * `zones` holds its agency's onsite zone. Only the gateway may assert it.
     */
    kind: z.literal('device'),
    sub: z.literal('device:unverified'),
    /** Every zone containing the client address (an onsite range inside the intranet is both). */
    zones: z.array(networkZoneSchema).min(1).max(16),
    ip: z.string().min(1).max(64),
  }),
  z.object({
    kind: z.literal('service'),
    /** `service:<name>` of the calling service. */
    sub: z.string().regex(/^service:[a-z-]+$/),
  }),
]);
export type IdentityClaims = z.infer<typeof identityClaimsSchema>;
export type PersonIdentity = Extract<IdentityClaims, { kind: 'person' }>;
export type DeviceIdentity = Extract<IdentityClaims, { kind: 'device' }>;

/** The onsite network zone of an agency (web punching, card machines): `onsite-<agency id in lower case>`. */
export const onsiteZoneOf = (agencyId: string): string => `onsite-${agencyId.toLowerCase()}`;
