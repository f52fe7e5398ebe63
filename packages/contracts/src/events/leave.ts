import { z } from 'zod';

/** Form kinds sharing one lifecycle: 差假, 加班, 補休, 忘刷卡. */
export const formKindSchema = z.enum(['leave', 'overtime', 'comp-time', 'forgotten-punch']);
export type FormKind = z.infer<typeof formKindSchema>;

const formRef = z.object({
  formId: z.string().min(1),
  kind: formKindSchema,
  applicantId: z.string().min(1),
  agencyId: z.string().min(1),
});

/**
 * A change of a form's deputy, with the form's version after it: the changes
 * of one form happen one after another, so a consumer that meets them out of
 * order (a redelivery) keeps the newest.
 */
const deputyChange = formRef.extend({ formVersion: z.number().int().positive() });

/**
 * What an approver reads before deciding (issue 12), as the leave service
 * shows it when the form goes for approval: a round's form does not change
 * (a modification is a new round, with a new event), so this stays true for
 * the case it opens. The balance is the one after this form's hours are held,
 * as it was at that moment (`asOf`). No national ID or other personal data.
 */
export const formDetailsSchema = z.object({
  applicantName: z.string(),
  unitName: z.string().optional(),
  /** 假別 as people read it (事假), or the form's kind (加班, 忘刷卡). */
  title: z.string(),
  /** `114-09-08(一) 08:00 ~ 114-09-11(四) 16:00`, as the web app shows a period. */
  period: z.string(),
  /** `4日0小時`: the counted working time. */
  duration: z.string(),
  /** 事由. */
  reason: z.string(),
  /** 地點 (公出, 出差). */
  location: z.string().optional(),
  deputy: z.object({ personId: z.string(), name: z.string(), status: z.enum(['pending', 'consented', 'declined']) }).optional(),
  balance: z
    .object({
      ledger: z.string(),
      period: z.string(),
      unit: z.enum(['minutes', 'times']),
      remaining: z.number(),
      /** `3日0小時`, `19次`. */
      remainingText: z.string(),
      asOf: z.iso.datetime({ offset: true }),
    })
    .optional(),
});
export type FormDetails = z.infer<typeof formDetailsSchema>;

/** What the approval service needs to route a form (issue 6): who, what, when, how long, and which submission round. */
const formFacts = formRef.extend({
  /** Increases each time the applicant modifies the form; decisions echo it, so one on an older round is ignored. */
  submission: z.number().int().positive(),
  unitId: z.string().optional(),
  /** Leave type code (annual, sick, …) for leave and comp-time forms. */
  leaveType: z.string().optional(),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
  minutes: z.number().int().nonnegative().optional(),
  deputyId: z.string().optional(),
  /** Someone filing for the applicant (多人/代為申請). */
  filedBy: z.string().optional(),
  /** Forgotten punches (忘刷卡): whether the punch the form adds is a clock-in or a clock-out (its time is `start`). */
  punchDirection: z.enum(['in', 'out']).optional(),
  /** What the approvers read (added in issue 12; absent in events published before). */
  details: formDetailsSchema.optional(),
});

export const leaveEvents = {
  /** A form was submitted (status waiting-for-deputy, or in-approval when it needs no deputy). */
  'leave.request.submitted': formRef.extend({
    hours: z.number().nonnegative(),
    leaveType: z.string().optional(),
    submission: z.number().int().positive().optional(),
    status: z.string().optional(),
    deputyId: z.string().optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
    minutes: z.number().int().nonnegative().optional(),
  }),
  /** The form is ready for its approval flow (after the deputy's consent, or at once). The approval service starts here. */
  'leave.request.approval-requested': formFacts,
  /** The deputy consented; `transferredFrom` when the consent answers a 代理移轉 (who handed the duty on). */
  'leave.request.deputy-consented': deputyChange.extend({ deputyId: z.string().min(1), transferredFrom: z.string().min(1).optional() }),
  'leave.request.deputy-declined': deputyChange.extend({
    deputyId: z.string().min(1),
    reason: z.string().optional(),
    transferredFrom: z.string().min(1).optional(),
  }),
  /** 代理移轉: a deputy handed an accepted duty to someone else, who must consent. */
  'leave.request.deputy-transferred': deputyChange.extend({ fromDeputyId: z.string().min(1), toDeputyId: z.string().min(1) }),
  'leave.request.modified': formRef.extend({ submission: z.number().int().positive(), status: z.string() }),
  'leave.request.withdrawn': formRef,
  'leave.request.approved': formRef.extend({ decidedBy: z.string().optional() }),
  'leave.request.rejected': formRef.extend({ reason: z.string() }),
  /** Returned for changes, by the deputy (declined) or by an approver. */
  'leave.request.returned': formRef.extend({ reason: z.string(), by: z.enum(['deputy', 'approver']) }),
  /** 撤銷 of an approved form: goes through approval like the form did. */
  'leave.request.cancel-requested': formFacts.extend({ reason: z.string() }),
  'leave.request.cancelled': formRef,
  'leave.request.cancel-rejected': formRef.extend({ reason: z.string() }),
  /** The calendar changed inside a filed form (a national holiday imported, a closure registered): its counted time was measured again. */
  'leave.request.recalculated': formRef.extend({
    formVersion: z.number().int().positive(),
    submission: z.number().int().positive(),
    status: z.string(),
    minutes: z.number().int().nonnegative(),
    previousMinutes: z.number().int().nonnegative(),
    duration: z.string(),
    reason: z.string().min(1),
  }),
  /**
   * An agency's calendar changed on a date (a closure 停止上班上課 declared, even after the fact; a special day;
   * `agencyId: '*'` for a national entry): daily attendance results of that date are computed again.
   * `entries` is what the calendar holds for the agency on that date after the change.
   */
  'leave.calendar.changed': z.object({
    agencyId: z.string().min(1),
    date: z.iso.date(),
    entries: z.array(
      z.object({
        kind: z.enum(['holiday', 'makeup-workday', 'special-day-off', 'closure']),
        name: z.string(),
        from: z.string().optional(),
        to: z.string().optional(),
      }),
    ),
  }),
  /** An attendance manager corrected a balance (audited). */
  'leave.balance.corrected': z.object({
    personId: z.string().min(1),
    agencyId: z.string().min(1),
    ledger: z.string().min(1),
    period: z.string().min(1),
    amount: z.number(),
    unit: z.enum(['minutes', 'times']),
    reason: z.string().min(1),
    actorId: z.string().min(1),
  }),
  /** An agency's leave-type overrides or settings changed (audited). */
  'leave.policy.changed': z.object({
    agencyId: z.string().min(1),
    version: z.number().int().positive(),
    actorId: z.string().min(1),
    reason: z.string().min(1),
  }),
} as const;
