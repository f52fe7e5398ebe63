// Pieces the inbox, the case and the record share.
import { useSyncExternalStore } from 'react';
import { FORM_KIND_LABEL } from '@webitr/contracts/forms/leave';
import type { CaseFormView } from '@webitr/contracts/views/approval';
import { formatRocDateTime } from '../../lib/dates.ts';

/** Query keys this page reads; ['approvals'] (all of them, and 首頁's count) is what a decision invalidates. */
export const APPROVALS_KEY = ['approvals'] as const;

const WIDE = '(min-width: 768px)';
/** A table from 768 px, cards below (one or the other is rendered, so each control exists once). */
export function useWide(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = matchMedia(WIDE);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => matchMedia(WIDE).matches,
  );
}

/** 事假, 加班, … : the form's own title, else its kind. */
export const formTitle = (form: CaseFormView): string => form.title ?? FORM_KIND_LABEL[form.kind];

/** The period as the leave service wrote it (`115-11-26(四) 08:00 ~ …`), else from its instants in Taipei time. */
export function periodText(form: CaseFormView): string {
  if (form.period.text) return form.period.text;
  const { start, end } = form.period;
  return [start, end]
    .filter((t): t is string => Boolean(t))
    .map(formatRocDateTime)
    .join(' ~ ');
}

/** 1日4小時 when the service did not write it. */
export const durationText = (form: CaseFormView): string => form.duration ?? `${form.days}日${form.hours}小時`;

export const nameOf = (names: Record<string, string> | undefined, id: string): string => names?.[id] ?? id;
