import { z } from 'zod';

/** Form kinds sharing one lifecycle: 差假, 加班, 補休, 忘刷卡. */
export const formKindSchema = z.enum(['leave', 'overtime', 'comp-time', 'forgotten-punch']);

const formRef = z.object({
  formId: z.string().min(1),
  kind: formKindSchema,
  applicantId: z.string().min(1),
  agencyId: z.string().min(1),
});

export const leaveEvents = {
  'leave.request.submitted': formRef.extend({ hours: z.number().nonnegative(), leaveType: z.string().optional() }),
  'leave.request.withdrawn': formRef,
  'leave.request.approved': formRef,
  'leave.request.rejected': formRef.extend({ reason: z.string() }),
} as const;
