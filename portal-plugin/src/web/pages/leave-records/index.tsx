import { PagePlaceholder } from '../../components/page-placeholder.tsx';

/** 差假查詢 */
export default function LeaveRecordsPage() {
  return <PagePlaceholder title="差假查詢" purpose="您各年度的差假紀錄與假別餘額。" />;
}
