import { PagePlaceholder } from '../../components/page-placeholder.tsx';

/** 代理人設定 */
export default function DeputiesPage() {
  return <PagePlaceholder title="代理人設定" purpose="依假別設定您的職務代理人與順序。" />;
}
