import { PagePlaceholder } from '../../components/page-placeholder.tsx';

/** 代理案件 */
export default function DeputyCasesPage() {
  return <PagePlaceholder title="代理案件" purpose="請您擔任職務代理人的假單：同意或不同意；以及您代理過的假單。" />;
}
