import { useParams } from 'react-router';
import { CasePage } from './case.tsx';
import { InboxPage } from './inbox.tsx';
import './approvals.css';

/** 批核案件: /approvals is my inbox (and what I decided), /approvals/:caseId one case — where mail deep links land. */
export default function ApprovalsPage() {
  const { caseId } = useParams();
  return caseId ? <CasePage caseId={caseId} /> : <InboxPage />;
}
