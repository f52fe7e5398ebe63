import { formatRocDate, taipeiLocal } from '@webitr/work-calendar';
import { DIRECTION_LABEL, FORM_KIND_LABEL, RELATIONSHIP_NAMES, STATUS_LABEL } from '@webitr/contracts';
import type { BereavementRelationship, FormView } from '@webitr/contracts';
import type { DeputyRef, FormDoc } from '../../models/form.ts';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const rocDay = (date: string) => `${formatRocDate(date)}(${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]})`;

/** `113-08-20 08:00 ~ 17:00`, as refusals name another form's period. */
export function formatInterval(start: Date, end: Date): string {
  const a = taipeiLocal(start);
  const b = taipeiLocal(end);
  return `${formatRocDate(a.date)} ${hm(a.minutes)} ~ ${a.date === b.date ? '' : `${formatRocDate(b.date)} `}${hm(b.minutes)}`;
}

/** `109-09-01(二) 08:00 ~ 17:15`, as the seed's 申請案件 list shows a period. */
export function periodText(start: Date, end: Date): string {
  const a = taipeiLocal(start);
  const b = taipeiLocal(end);
  return `${rocDay(a.date)} ${hm(a.minutes)} ~ ${a.date === b.date ? '' : `${rocDay(b.date)} `}${hm(b.minutes)}`;
}

/**
 * A form's period as people read it: a forgotten punch (忘刷卡) is one
 * instant, `113-07-31(三) 下班卡 17:20`, not the minute its interval spans.
 */
export function formPeriodText(form: FormDoc): string {
  if (form.kind === 'forgotten-punch' && form.punch)
    return `${rocDay(form.punch.date)} ${DIRECTION_LABEL[form.punch.direction]} ${form.punch.time}`;
  return periodText(form.start, form.end);
}

export function formTitle(form: FormDoc): string {
  if (form.kind === 'overtime') return '加班';
  if (form.kind === 'forgotten-punch') return '忘刷卡';
  return form.leaveTypeName ?? FORM_KIND_LABEL[form.kind];
}

/** A form as the API shows it (FormView in @webitr/contracts): ISO instants for programs, ROC text for people. */
export function formView(form: FormDoc): FormView {
  const summary =
    form.kind === 'forgotten-punch' && form.punch
      ? `日期： ${formPeriodText(form)} 事由： ${form.reason}`
      : `期間： ${periodText(form.start, form.end)} 時數： ${form.duration} 事由： ${form.reason}`;
  return {
    id: form._id,
    kind: form.kind,
    kindLabel: FORM_KIND_LABEL[form.kind],
    title: formTitle(form),
    status: form.status,
    statusLabel: STATUS_LABEL[form.status],
    submission: form.submission,
    version: form.version,
    applicant: { id: form.applicantId, name: form.applicantName, unitId: form.unitId, unitName: form.unitName },
    agencyId: form.agencyId,
    ...(form.filedBy ? { filedBy: form.filedBy } : {}),
    ...(form.leaveType ? { leaveType: form.leaveType, leaveTypeName: form.leaveTypeName } : {}),
    ...(form.ruleSet ? { ruleSet: form.ruleSet, ruleSetVersion: form.ruleSetVersion, policyVersion: form.policyVersion } : {}),
    start: form.start.toISOString(),
    end: form.end.toISOString(),
    period: formPeriodText(form),
    minutes: form.minutes,
    duration: form.duration,
    days: form.days,
    charges: form.charges.map(({ ledger, period, unit, amount }) => ({ ledger, period, unit, amount })),
    ...(form.deputy ? { deputy: deputyView(form.deputy) } : {}),
    ...(form.location ? { location: form.location } : {}),
    reason: form.reason,
    remarks: form.remarks,
    attachments: form.attachments,
    ...(form.eventDate ? { eventDate: form.eventDate } : {}),
    ...(form.relationship
      ? { relationship: form.relationship, relationshipName: RELATIONSHIP_NAMES[form.relationship as BereavementRelationship] }
      : {}),
    ...(form.gestationWeeks !== undefined ? { gestationWeeks: form.gestationWeeks } : {}),
    ...(form.overtime ? { overtime: form.overtime } : {}),
    ...(form.punch ? { punch: form.punch } : {}),
    ...(form.decision ? { decision: { ...form.decision, at: iso(form.decision.at) } } : {}),
    ...(form.cancel ? { cancel: cancelView(form.cancel) } : {}),
    summary,
    submittedAt: form.createdAt.toISOString(),
    submittedAtText: (() => {
      const l = taipeiLocal(form.createdAt);
      return `${rocDay(l.date)} ${hm(l.minutes)}`;
    })(),
    history: form.history.map((h) => ({ ...h, at: iso(h.at) })),
  };
}

export type { FormView };

// Dates as JSON carries them, written out so that the view's type is the wire's (FormDoc's nested fields are Mixed: read as stored).
const iso = (at: Date | string): string => new Date(at).toISOString();
const deputyView = ({ at, ...deputy }: DeputyRef) => ({ ...deputy, ...(at ? { at: iso(at) } : {}) });
const cancelView = ({ requestedAt, decidedAt, ...cancel }: NonNullable<FormDoc['cancel']>) => ({
  ...cancel,
  requestedAt: iso(requestedAt),
  ...(decidedAt ? { decidedAt: iso(decidedAt) } : {}),
});
