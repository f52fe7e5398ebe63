import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { MyDecisionsView } from '@webitr/contracts/views/approval';
import { api } from '../../api/index.ts';
import { isProblem } from '../../api/problem.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';
import { CASE_STATUS_LABEL } from './logic.ts';
import { APPROVALS_KEY, formTitle, nameOf, periodText } from './shared.tsx';

/** 批核紀錄: the cases I decided, what I did (and for whom, when I stood in) and where each stands now. */
export function HistoryPanel() {
  const record = useQuery({
    queryKey: [...APPROVALS_KEY, 'decisions'],
    queryFn: () => api.get<MyDecisionsView>('/api/approvals/decisions', { limit: 100 }),
  });
  if (isProblem(record.error)) return <ProblemMessage problem={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <p className="muted">載入中…</p>;
  if (record.data.items.length === 0) return <p>尚無批核紀錄。</p>;
  return (
    <ul className="case-cards" aria-label="批核紀錄">
      {record.data.items.map((item) => (
        <li key={item.caseId} className="case-card">
          <div>
            <p className="case-card-title">
              <Link to={`/approvals/${encodeURIComponent(item.caseId)}`}>
                {item.form.applicant.name ?? item.form.applicant.id} {formTitle(item.form)}
              </Link>
              <span className="badge">{CASE_STATUS_LABEL[item.status]}</span>
            </p>
            <p>{periodText(item.form)}</p>
            <ul className="my-decisions">
              {item.decisions.map((d, i) => (
                <li key={i}>
                  {formatRocDateTime(d.at)} {d.stepLabel}：<strong>{d.result}</strong>
                  {d.onBehalfOf ? `（代理 ${nameOf(record.data.names, d.onBehalfOf)}）` : ''}
                  {d.comment ? `，意見：${d.comment}` : ''}
                </li>
              ))}
            </ul>
          </div>
        </li>
      ))}
    </ul>
  );
}
