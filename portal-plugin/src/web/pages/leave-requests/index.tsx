import { PagePlaceholder } from '../../components/page-placeholder.tsx';

/** 申請案件 */
export default function LeaveRequestsPage() {
  return <PagePlaceholder title="申請案件" purpose="您申請中與已決行的差假。申請中的假單可以撤回。" />;
}
