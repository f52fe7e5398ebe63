import { PagePlaceholder } from '../../components/page-placeholder.tsx';

/** 差假申請 */
export default function LeaveApplyPage() {
  return (
    <PagePlaceholder title="差假申請" purpose="選擇假別並填寫日期時間、職務代理人與事由後送出表單。送出表單後，記得通知代理人上網同意。" />
  );
}
