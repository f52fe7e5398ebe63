// 新增批核流程: an empty flow form (one step, the unit head); saved, it opens as 編輯批核流程.
import { Link } from 'react-router';
import { isProblem, networkError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useFlowConfig } from '../admin-flows/config.ts';
import { FlowForm } from './flow-form.tsx';
import '../../styles/flows.css';

export default function NewFlowPage() {
  return <AdminFrame page="flow-new">{(ctx) => <NewFlow {...ctx} />}</AdminFrame>;
}

function NewFlow({ agency }: AdminContext) {
  const { config, units, names } = useFlowConfig(agency.id);
  if (isRefusal(config.error)) return <AdminRefusal problem={config.error} />;
  return (
    <section className="card" aria-labelledby="page-title">
      <PageTitle>新增批核流程</PageTitle>
      <AgencyLine agency={agency} page="flow-new" />
      <p className="actions">
        <Link className="button secondary" to={adminUrl(agency.id, 'flows')}>
          回批核流程設定
        </Link>
      </p>
      {config.error ? (
        <ProblemMessage problem={isProblem(config.error) ? config.error : networkError()} onRetry={() => void config.refetch()} />
      ) : null}
      {config.data && units.data ? <FlowForm agencyId={agency.id} config={config.data} units={units.data.items} names={names} /> : null}
      {!config.data && !config.error ? <p className="muted">載入中…</p> : null}
    </section>
  );
}
