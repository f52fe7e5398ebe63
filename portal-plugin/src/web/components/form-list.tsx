import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { FormView } from '@webitr/contracts/views/leave';
import { formatRocDateTime } from '../lib/dates.ts';
import { periodLabel, progressText } from '../lib/forms.ts';
import './form-list.css';

/**
 * Forms as the seed's 申請案件 table shows them (批示狀態, 表單, 目前進度,
 * 申請時間, 摘要) on a desktop, and as a list of cards on a phone: both are
 * rendered, CSS shows one (the hidden one is out of the accessibility tree).
 * `actions` adds a form's buttons (代理案件's 同意 / 不同意).
 */
export function FormList(props: {
  forms: readonly FormView[];
  /** The table's name for screen readers (申請案件列表). */
  label: string;
  showApplicant?: boolean;
  actions?: (form: FormView) => ReactNode;
  empty?: string;
}) {
  const { forms, label, showApplicant = false, actions, empty = '查無資料' } = props;
  if (forms.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      <ul className="form-cards only-phone" aria-label={label}>
        {forms.map((form) => (
          <li key={form.id} className="form-card" data-form-id={form.id}>
            <p className="form-card-head">
              <StatusBadge form={form} />
              <Link to={`/leave/requests/${encodeURIComponent(form.id)}`} className="form-card-title">
                {form.title}
                {showApplicant ? ` — ${form.applicant.name}` : ''}
              </Link>
            </p>
            <dl className="form-facts">
              <dt>差假時間</dt>
              <dd>{periodLabel(form.start, form.end)}</dd>
              <dt>時數</dt>
              <dd>{form.duration}</dd>
              <dt>目前進度</dt>
              <dd>{progressText(form)}</dd>
              <dt>申請時間</dt>
              <dd>{formatRocDateTime(form.submittedAt)}</dd>
              <dt>事由</dt>
              <dd>{form.reason}</dd>
            </dl>
            {actions ? <div className="actions">{actions(form)}</div> : null}
          </li>
        ))}
      </ul>
      <div className="table-scroll only-desktop">
        <table className="form-table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">批示狀態</th>
              {showApplicant ? <th scope="col">申請人</th> : null}
              <th scope="col">表單</th>
              <th scope="col">目前進度</th>
              <th scope="col">申請時間</th>
              <th scope="col">摘要</th>
              {actions ? <th scope="col">處理</th> : null}
            </tr>
          </thead>
          <tbody>
            {forms.map((form) => (
              <tr key={form.id} data-form-id={form.id}>
                <td>
                  <StatusBadge form={form} />
                </td>
                {showApplicant ? (
                  <td>
                    {form.applicant.name}
                    {form.applicant.unitName ? <span className="muted"> ({form.applicant.unitName})</span> : null}
                  </td>
                ) : null}
                <th scope="row">
                  <Link to={`/leave/requests/${encodeURIComponent(form.id)}`}>{form.title}</Link>
                </th>
                <td>{progressText(form)}</td>
                <td className="nowrap">{formatRocDateTime(form.submittedAt)}</td>
                <td>
                  期間： {periodLabel(form.start, form.end)} 時數： {form.duration} 事由： {form.reason}
                </td>
                {actions ? (
                  <td>
                    <div className="row-actions">{actions(form)}</div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** 批示狀態 as a badge: the label the service gives (申請中, 已決行, 退回修改 …), coloured by how it ended. */
export function StatusBadge({ form }: { form: Pick<FormView, 'status' | 'statusLabel'> }) {
  return <span className={`status status-${form.status}`}>{form.statusLabel}</span>;
}
