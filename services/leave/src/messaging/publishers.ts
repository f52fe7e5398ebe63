import type { EventEnvelope, EventPayload, EventType, FormDetails } from '@webitr/contracts';
import { createEvent } from '@webitr/platform';
import type { FormDoc } from '../models/form.ts';
import { formPeriodText, formTitle } from '../usecases/shared/views.ts';

/**
 * The leave service's events, built from the form they are about. They are
 * written into the form's outbox in the same update as the change
 * (usecases/shared/forms.ts) and published by the relay.
 */
export const PRODUCER = 'leave';

export const event = <T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope => createEvent(type, payload, PRODUCER);

const ref = (form: FormDoc) => ({ formId: form._id, kind: form.kind, applicantId: form.applicantId, agencyId: form.agencyId });

/** What the approvers read: the form as its applicant filed it, and the balance after it (`balanceSnapshot`). */
const details = (form: FormDoc, balance: FormDetails['balance']): FormDetails => ({
  applicantName: form.applicantName,
  ...(form.unitName ? { unitName: form.unitName } : {}),
  title: formTitle(form),
  period: formPeriodText(form),
  duration: form.duration,
  reason: form.reason,
  ...(form.location ? { location: form.location } : {}),
  ...(form.deputy ? { deputy: { personId: form.deputy.personId, name: form.deputy.name, status: form.deputy.status } } : {}),
  ...(balance ? { balance } : {}),
});

const facts = (form: FormDoc, balance?: FormDetails['balance']) => ({
  ...ref(form),
  submission: form.submission,
  ...(form.unitId ? { unitId: form.unitId } : {}),
  ...(form.leaveType ? { leaveType: form.leaveType } : {}),
  start: form.start.toISOString(),
  end: form.end.toISOString(),
  minutes: form.minutes,
  ...(form.deputy ? { deputyId: form.deputy.personId } : {}),
  ...(form.filedBy ? { filedBy: form.filedBy } : {}),
  ...(form.punch ? { punchDirection: form.punch.direction } : {}),
  details: details(form, balance),
});

export const submitted = (form: FormDoc) =>
  event('leave.request.submitted', {
    ...ref(form),
    hours: form.minutes / 60,
    ...(form.leaveType ? { leaveType: form.leaveType } : {}),
    submission: form.submission,
    status: form.status,
    ...(form.deputy ? { deputyId: form.deputy.personId } : {}),
    start: form.start.toISOString(),
    end: form.end.toISOString(),
    minutes: form.minutes,
  });
export const approvalRequested = (form: FormDoc, balance?: FormDetails['balance']) =>
  event('leave.request.approval-requested', facts(form, balance));
export const modified = (form: FormDoc) =>
  event('leave.request.modified', { ...ref(form), submission: form.submission, status: form.status });
export const withdrawn = (form: FormDoc) => event('leave.request.withdrawn', ref(form));
// The deputy events carry the form's version after the change they are written with (updateForm adds one).
const deputyChange = (form: FormDoc) => ({ ...ref(form), formVersion: form.version + 1 });
export const deputyConsented = (form: FormDoc, deputyId: string, transferredFrom?: string) =>
  event('leave.request.deputy-consented', { ...deputyChange(form), deputyId, ...(transferredFrom ? { transferredFrom } : {}) });
export const deputyDeclined = (form: FormDoc, deputyId: string, reason?: string, transferredFrom?: string) =>
  event('leave.request.deputy-declined', {
    ...deputyChange(form),
    deputyId,
    ...(reason ? { reason } : {}),
    ...(transferredFrom ? { transferredFrom } : {}),
  });
export const deputyTransferred = (form: FormDoc, fromDeputyId: string, toDeputyId: string) =>
  event('leave.request.deputy-transferred', { ...deputyChange(form), fromDeputyId, toDeputyId });
export const approved = (form: FormDoc, decidedBy: string) => event('leave.request.approved', { ...ref(form), decidedBy });
export const rejected = (form: FormDoc, reason: string) => event('leave.request.rejected', { ...ref(form), reason });
export const returned = (form: FormDoc, reason: string, by: 'deputy' | 'approver') =>
  event('leave.request.returned', { ...ref(form), reason, by });
export const cancelRequested = (form: FormDoc, reason: string, balance?: FormDetails['balance']) =>
  event('leave.request.cancel-requested', { ...facts(form, balance), reason });
export const cancelled = (form: FormDoc) => event('leave.request.cancelled', ref(form));
export const cancelRejected = (form: FormDoc, reason: string) => event('leave.request.cancel-rejected', { ...ref(form), reason });
export const recalculated = (form: FormDoc, previousMinutes: number, reason: string) =>
  event('leave.request.recalculated', {
    ...ref(form),
    formVersion: form.version,
    submission: form.submission,
    status: form.status,
    minutes: form.minutes,
    previousMinutes,
    duration: form.duration,
    reason,
  });
