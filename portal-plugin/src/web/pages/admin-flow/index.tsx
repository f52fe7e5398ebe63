// 編輯批核流程: one flow of the agency in the flow form, with what its last
// save (or copy) answered: the version, and who still has no route.
import { Link, useLocation, useParams } from 'react-router';
import { isProblem, networkError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useFlowConfig } from '../admin-flows/config.ts';
import { UnroutableNote } from '../admin-flows/groups.tsx';
import { FlowForm } from './flow-form.tsx';
import type { SavedState } from './flow-form.tsx';
import '../../styles/flows.css';

export default function FlowPage() {
  return <AdminFrame page="flow">{(ctx) => <EditFlow {...ctx} />}</AdminFrame>;
}

function EditFlow({ agency }: AdminContext) {
  const { flowId = '' } = useParams();
  const state = (useLocation().state ?? {}) as SavedState;
  const { config, units, names } = useFlowConfig(agency.id);
  if (isRefusal(config.error)) return <AdminRefusal problem={config.error} />;
  const flow = config.data?.flows.find((f) => f.id === flowId);
  return (
    <section className="card" aria-labelledby="page-title">
      <PageTitle>編輯批核流程</PageTitle>
      <AgencyLine agency={agency} page="flow" />
      <p className="actions">
        <Link className="button secondary" to={adminUrl(agency.id, 'flows')}>
          回批核流程設定
        </Link>
      </p>
      {state.copiedFrom ? (
        <p role="status" className="flow-note">
          已複製「{state.copiedFrom}」，可在此編輯新流程的步驟。
        </p>
      ) : null}
      {state.saved ? (
        <p role="status" className="flow-note">
          {state.saved}
        </p>
      ) : null}
      {state.unroutable ? <UnroutableNote unroutable={state.unroutable} /> : null}
      {config.error ? (
        <ProblemMessage problem={isProblem(config.error) ? config.error : networkError()} onRetry={() => void config.refetch()} />
      ) : null}
      {config.data && !flow ? <p className="muted">查無此批核流程，可能已被刪除。</p> : null}
      {config.data && flow && units.data ? (
        // A new key per version: the form starts again from what was saved.
        <FlowForm
          key={`${flow.id}:${flow.version}`}
          agencyId={agency.id}
          config={config.data}
          units={units.data.items}
          names={names}
          flow={flow}
        />
      ) : null}
      {!config.data && !config.error ? <p className="muted">載入中…</p> : null}
    </section>
  );
}
