import { Button } from 'react-aria-components';

/** 上一頁 / 第 n / m 頁 / 下一頁 under a paged list; nothing when it fits one page. */
export function Pager({
  page,
  total,
  pageSize,
  onPage,
}: {
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const last = Math.max(1, Math.ceil(total / pageSize));
  if (last <= 1) return null;
  return (
    <p className="pager">
      <Button className="secondary" isDisabled={page <= 1} onPress={() => onPage(page - 1)}>
        上一頁
      </Button>
      <span>
        第 {page} / {last} 頁
      </span>
      <Button className="secondary" isDisabled={page >= last} onPress={() => onPage(page + 1)}>
        下一頁
      </Button>
    </p>
  );
}
