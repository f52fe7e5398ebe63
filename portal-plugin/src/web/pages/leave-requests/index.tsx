import { useQuery } from '@tanstack/react-query';
import { parseDate } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';
import { Link, useParams, useSearchParams } from 'react-router';
import type { FormStatusFilter } from '@webitr/contracts/forms/leave';
import { STATUS_LABEL } from '@webitr/contracts/forms/leave';
import { isProblem } from '../../api/problem.ts';
import { ChoiceSelect } from '../../components/choice-select.tsx';
import { FormList } from '../../components/form-list.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formsQuery } from '../../lib/form-queries.ts';
import { FormPage } from './form-page.tsx';

/** 批示狀態 to filter by: the service's statuses with their labels, 申請中 (not finished) first. */
const STATUS_OPTIONS: { value: FormStatusFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'pending', label: '申請中 (未結案)' },
  ...(['approved', 'returned', 'rejected', 'withdrawn', 'cancel-requested', 'cancelled'] as const).map((s) => ({
    value: s,
    label: STATUS_LABEL[s],
  })),
];

const isStatus = (value: string | null): value is FormStatusFilter => STATUS_OPTIONS.some((o) => o.value === value);
const dateOf = (value: string | null): DateValue | null => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  try {
    return parseDate(value);
  } catch {
    return null;
  }
};

/** 申請案件: my forms by state (/leave/requests), or one form (/leave/requests/:formId, where mail links land). */
export default function LeaveRequestsPage() {
  const { formId } = useParams();
  return formId ? <FormPage formId={formId} /> : <MyForms />;
}

function MyForms() {
  // The filters live in the URL, so a reload or a shared link shows the same list.
  const [params, setParams] = useSearchParams();
  const status = isStatus(params.get('status')) ? (params.get('status') as FormStatusFilter) : 'all';
  const from = dateOf(params.get('from'));
  const to = dateOf(params.get('to'));
  const forms = useQuery(formsQuery({ box: 'mine', status, from: from?.toString(), to: to?.toString() }));
  const set = (name: string, value: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return (
    <section className="card">
      <PageTitle>申請案件</PageTitle>
      <p className="muted">
        申請中的假單可以撤回或修改，已決行而尚未開始的假單可以申請撤銷。要請假請到 <Link to="/leave/apply">差假申請</Link>。
      </p>
      <div className="filters" role="search" aria-label="篩選申請案件">
        <ChoiceSelect
          label="批示狀態"
          value={status}
          options={STATUS_OPTIONS}
          onChange={(v) => set('status', v === 'all' ? undefined : v)}
        />
        <RocDateTimeField label="差假時間起" granularity="day" value={from} onChange={(v) => set('from', v?.toString())} />
        <RocDateTimeField label="差假時間迄" granularity="day" value={to} onChange={(v) => set('to', v?.toString())} />
      </div>
      {isProblem(forms.error) ? <ProblemMessage problem={forms.error} onRetry={() => void forms.refetch()} /> : null}
      {forms.isPending ? <p className="muted">載入中…</p> : null}
      {forms.data ? <FormList forms={forms.data.items} label="申請案件列表" empty="沒有符合條件的申請案件" /> : null}
    </section>
  );
}
