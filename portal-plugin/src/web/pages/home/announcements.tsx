// 首頁's 人事公告 (seed 11-1): the announcements of the person's agency whose
// dates hold today, for the whole agency or a unit they are in — the
// notification service decides which. Nothing at all when there are none.
import { useQuery } from '@tanstack/react-query';
import { adminBoard, adminBoardKeys } from '../../api/admin-board.ts';
import { isProblem } from '../../api/problem.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDate } from '../../lib/dates.ts';

export function Announcements() {
  const current = useQuery({ queryKey: adminBoardKeys.announcements, queryFn: () => adminBoard.currentAnnouncements() });
  const items = current.data?.items ?? [];
  if (isProblem(current.error))
    return (
      <section className="card" aria-labelledby="announcements-title">
        <h2 id="announcements-title">人事公告</h2>
        <ProblemMessage problem={current.error} onRetry={() => void current.refetch()} />
      </section>
    );
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="announcements-title">
      <h2 id="announcements-title">人事公告</h2>
      <ul className="home-announcements" aria-labelledby="announcements-title">
        {items.map((a) => (
          <li key={a.id}>
            <h3>{a.title}</h3>
            <p className="muted small">
              {formatRocDate(a.startDate)} 至 {formatRocDate(a.endDate)}・{a.postedBy.name}
            </p>
            <p className="announcement-body">{a.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
