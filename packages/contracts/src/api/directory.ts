import { z } from 'zod';
import { scopedRoleSchema } from './identity.ts';

/**
 * The directory's internal read API, as other services (first of all the
 * gateway at sign-in) see it. Internal routes accept service assertions only.
 */

/** 在職 / 留職停薪 / 離職 */
export const employmentStatusSchema = z.enum(['active', 'leave-without-pay', 'separated']);
export type EmploymentStatus = z.infer<typeof employmentStatusSchema>;

/** Apps a person can be granted (可用系統). */
export const appIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/).meta({ description: 'e.g. webitr, webitr-edu' });

export const personSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().optional(),
    agencyId: z.string(),
    agencyName: z.string(),
    unitId: z.string().optional(),
    unitName: z.string().optional(),
    status: employmentStatusSchema,
    roles: z.array(scopedRoleSchema),
    apps: z.array(appIdSchema),
  })
  .meta({ id: 'PersonSummary' });
export type PersonSummary = z.infer<typeof personSummarySchema>;

/**
 * Find the person a portal sign-in belongs to, by the claim the portal is
 * configured to link with. POST, so a national ID never appears in a URL or an
 * access log.
 */
export const personLookupSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('subject'), issuer: z.url(), subject: z.string().min(1) }),
  z.object({ by: z.literal('email'), email: z.email() }),
  z.object({ by: z.literal('national-id'), nationalId: z.string().regex(/^[A-Z][1289]\d{8}$/) }),
]);
export type PersonLookup = z.infer<typeof personLookupSchema>;

export const DIRECTORY_INTERNAL_PATHS = {
  /** POST personLookupSchema → 200 PersonSummary | 404 PERSON_NOT_FOUND */
  lookup: '/internal/people/lookup',
  /** GET → 200 PersonSummary | 404 PERSON_NOT_FOUND */
  person: (personId: string) => `/internal/people/${encodeURIComponent(personId)}`,
} as const;
