import type { CaseFormView } from '@webitr/contracts';
import type { ApprovalCase } from '../../models/approval-case.ts';
import { DAY_MINUTES } from '../../domain/routing.ts';

/**
 * The form a case is about, as its approvers read it before deciding: who
 * (name and unit), what (假別), when (ROC text as the web app shows it, and
 * ISO), how long (counted days and hours), 事由, 地點, the deputy and their
 * consent, and the applicant's balance of that type after this form as it was
 * when the form was sent. All of it comes with the form in the leave service's
 * event (`details`), so the inbox needs no call per case and shows what was
 * decided on even if the leave service is unreachable. No national ID.
 */
export function formOfCase(
  c: Pick<
    ApprovalCase,
    'formId' | 'kind' | 'applicantId' | 'leaveType' | 'start' | 'end' | 'minutes' | 'details' | 'deputyId' | 'pendingDeputyId'
  >,
): CaseFormView {
  const d = c.details;
  const minutes = c.minutes ?? 0;
  const deputyName = (personId: string) => (d?.deputy?.personId === personId ? { name: d.deputy.name } : {});
  return {
    id: c.formId,
    kind: c.kind,
    applicant: { id: c.applicantId, ...(d ? { name: d.applicantName } : {}), ...(d?.unitName ? { unitName: d.unitName } : {}) },
    ...(c.leaveType ? { leaveType: c.leaveType } : {}),
    ...(d ? { title: d.title } : {}),
    period: {
      ...(c.start ? { start: c.start.toISOString() } : {}),
      ...(c.end ? { end: c.end.toISOString() } : {}),
      ...(d ? { text: d.period } : {}),
    },
    minutes,
    days: Math.floor(minutes / DAY_MINUTES),
    hours: (minutes % DAY_MINUTES) / 60,
    ...(d ? { duration: d.duration, reason: d.reason } : {}),
    ...(d?.location ? { location: d.location } : {}),
    // The deputy who consented stands in; one a duty was handed to (代理移轉) has yet to consent.
    ...(c.deputyId ? { deputy: { personId: c.deputyId, ...deputyName(c.deputyId), consent: 'consented' as const } } : {}),
    ...(c.pendingDeputyId
      ? { pendingDeputy: { personId: c.pendingDeputyId, ...deputyName(c.pendingDeputyId), consent: 'pending' as const } }
      : {}),
    ...(d?.balance ? { balance: d.balance } : {}),
  };
}
