import { z } from 'zod';
import { declineAsDeputyCommand } from '@webitr/contracts/forms/leave';

/**
 * 不同意 here always says why: the service takes the reason as optional
 * (declineAsDeputyCommand), the applicant needs it to find another deputy.
 */
export const declineForm = declineAsDeputyCommand.extend({
  reason: z.string().trim().min(1, '不同意事由不得空白').max(200, '不同意事由上限200個字').meta({ title: '不同意事由' }),
});
export type DeclineForm = z.infer<typeof declineForm>;
