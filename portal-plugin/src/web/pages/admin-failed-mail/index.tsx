// 寄送失敗通知 (issue 16): the agency's e-mails the notification service could
// not send after its last attempt, with the mail server's reason, for the
// agency administrator (any agency for a system administrator); 重新寄送 puts
// one back in the queue, and the list is asked again for a while to show how
// that attempt ended. In-app notifications were never lost: only the mail.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { FailedMailItem } from '@webitr/contracts/views/notification';
import { adminBoard, adminBoardKeys } from '../../api/admin-board.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';

/** After a retry, the list is asked again this often, this long (the attempt is made in the background). */
const RECHECK_MS = 2_000;
const RECHECK_FOR_MS = 30_000;

export default function FailedMailPage() {
  return <AdminFrame page="failed-mail">{(ctx) => <FailedMail {...ctx} />}</AdminFrame>;
}

function FailedMail({ agency }: AdminContext) {
  const [retriedAt, setRetriedAt] = useState<number>();
  const list = useQuery({
    queryKey: adminBoardKeys.failedMailOf(agency.id),
    queryFn: () => adminBoard.failedMail({ agencyId: agency.id, limit: 200 }),
    refetchInterval: () => (retriedAt !== undefined && Date.now() - retriedAt < RECHECK_FOR_MS ? RECHECK_MS : false),
  });
  if (isRefusal(list.error)) return <AdminRefusal problem={list.error} />;
  const items = list.data?.items ?? [];
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>寄送失敗通知</PageTitle>
        <AgencyLine agency={agency} page="failed-mail" />
        <p className="muted">
          以下通知經多次嘗試仍無法以電子郵件寄出（站內通知不受影響）。排除原因（如郵件伺服器、收件地址）後可重新寄送。
        </p>
      </section>
      <section className="card" aria-labelledby="failed-title">
        <h2 id="failed-title">無法寄出的郵件{list.data ? `（共 ${items.length} 封）` : ''}</h2>
        {list.error ? (
          <ProblemMessage problem={isProblem(list.error) ? list.error : networkError()} onRetry={() => void list.refetch()} />
        ) : null}
        {list.data && items.length === 0 ? <p className="muted">目前沒有無法寄出的郵件。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="無法寄出的郵件">
            <table id="failed-mail" className="wide">
              <thead>
                <tr>
                  <th scope="col">失敗時間</th>
                  <th scope="col">收件人</th>
                  <th scope="col">類別</th>
                  <th scope="col">主旨</th>
                  <th scope="col">原因</th>
                  <th scope="col">嘗試次數</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <FailedRow key={item.id} item={item} onRetried={() => setRetriedAt(Date.now())} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

function FailedRow({ item, onRetried }: { item: FailedMailItem; onRetried: () => void }) {
  const queryClient = useQueryClient();
  const retry = useMutation<unknown, ProblemError>({
    mutationFn: () => adminBoard.retryFailedMail(item.id),
    onSuccess: async () => {
      onRetried();
      await queryClient.invalidateQueries({ queryKey: adminBoardKeys.failedMail });
    },
  });
  const recipient = item.recipientName ?? item.recipientId;
  return (
    <tr data-notification-id={item.id}>
      <th scope="row">{item.failedAt ? formatRocDateTime(item.failedAt) : formatRocDateTime(item.createdAt)}</th>
      <td id={`failed-${item.id}-who`}>
        {recipient}
        {item.to ? <span className="muted small"> {item.to}</span> : null}
      </td>
      <td>{item.categoryLabel}</td>
      <td id={`failed-${item.id}-subject`}>{item.subject}</td>
      <td className="reason">{item.reason}</td>
      <td>{item.attempts}</td>
      <td>
        <Button
          className="secondary"
          aria-describedby={`failed-${item.id}-who failed-${item.id}-subject`}
          isDisabled={retry.isPending}
          onPress={() => retry.mutate()}
        >
          {retry.isPending ? '寄送中…' : '重新寄送'}
        </Button>
        {retry.isSuccess ? (
          <p role="status" className="muted small">
            已重新排入寄送
          </p>
        ) : null}
        {isProblem(retry.error) ? <ProblemMessage problem={retry.error} /> : null}
      </td>
    </tr>
  );
}
