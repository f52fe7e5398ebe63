import { PagePlaceholder } from '../../components/page-placeholder.tsx';

/** 批核案件 */
export default function ApprovalsPage() {
  return <PagePlaceholder title="批核案件" purpose="等待您批核的差假申請。" />;
}
