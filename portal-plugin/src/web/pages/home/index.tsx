import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { isProblem } from '../../api/problem.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { taipeiToday } from '../../lib/dates.ts';
import { Announcements } from './announcements.tsx';
import type { AttendanceWeek, RecordsAnswer } from './week.ts';
import { hasPunches, weekFrom, weekRows, withPunches } from './week.ts';

/** 首頁: the counts as links, the agency's current 人事公告, and this week's records with 上週/下週. */
export default function HomePage() {
  return (
    <>
      <section className="card">
        <PageTitle>首頁</PageTitle>
        <Counts />
      </section>
      <Announcements />
      <Week />
    </>
  );
}

function Counts() {
  // 申請案件 and 代理案件 from the leave service; 批核案件 is the approval service's inbox total.
  const leave = useQuery({
    queryKey: ['leave', 'home-counts'],
    queryFn: () => api.get<{ applications: number; deputy: number }>('/api/leave/home/counts'),
  });
  const inbox = useQuery({
    queryKey: ['approvals', 'inbox-total'],
    queryFn: () => api.get<{ total: number }>('/api/approvals/inbox', { limit: 1 }),
  });
  const count = (n: number | undefined, pending: boolean) => (pending ? '…' : n === undefined ? '—' : String(n));
  const failed = [leave.error, inbox.error].find(isProblem);
  return (
    <>
      <ul className="counts" aria-label="案件數">
        <li>
          <Link to="/approvals" id="count-approvals">
            批核案件 <strong>{count(inbox.data?.total, inbox.isPending)}</strong>
          </Link>
        </li>
        <li>
          <Link to="/leave/requests" id="count-applications">
            申請案件 <strong>{count(leave.data?.applications, leave.isPending)}</strong>
          </Link>
        </li>
        <li>
          <Link to="/deputy/cases" id="count-deputy">
            代理案件 <strong>{count(leave.data?.deputy, leave.isPending)}</strong>
          </Link>
        </li>
      </ul>
      {failed ? (
        <ProblemMessage
          problem={failed}
          onRetry={() => {
            void leave.refetch();
            void inbox.refetch();
          }}
        />
      ) : null}
    </>
  );
}

function Week() {
  const [params, setParams] = useSearchParams();
  const days = weekFrom(params.get('week'), taipeiToday());
  const from = days[0]!.toString();
  const to = days[6]!.toString();
  const records = useQuery({
    queryKey: ['leave', 'records', from, to],
    queryFn: () => api.get<RecordsAnswer>('/api/leave/records', { from, to }),
  });
  // 上班卡 / 下班卡 / 出勤結果 from the punch service, merged by date (the key is invalidated by 出勤刷卡).
  const attendance = useQuery({
    queryKey: ['attendance', 'week', from],
    queryFn: () => api.get<AttendanceWeek>('/api/attendance/me/week', { week: from }),
  });
  const merged = withPunches(records.data, attendance.data);
  const rows = weekRows(days, merged);
  const punches = hasPunches(merged);
  const go = (weeks: number) => setParams({ week: days[0]!.add({ weeks }).toString() });
  return (
    <section className="card" aria-labelledby="week-title">
      <h2 id="week-title">差勤狀況</h2>
      {isProblem(records.error) ? <ProblemMessage problem={records.error} onRetry={() => void records.refetch()} /> : null}
      {isProblem(attendance.error) ? <ProblemMessage problem={attendance.error} onRetry={() => void attendance.refetch()} /> : null}
      {/* Focusable: on a phone the week scrolls sideways, and keyboard users must be able to scroll it. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="week-title">
        <table className="week" aria-busy={records.isPending || attendance.isPending}>
          <thead>
            <tr>
              <th scope="col">日期</th>
              {punches ? <th scope="col">上班卡</th> : null}
              {punches ? <th scope="col">下班卡</th> : null}
              <th scope="col">申請紀錄</th>
              {punches ? <th scope="col">出勤結果</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.date}>
                <th scope="row">{row.label}</th>
                {punches ? <td>{row.punches?.clockIn ?? ''}</td> : null}
                {punches ? <td>{row.punches?.clockOut ?? ''}</td> : null}
                <td>{row.records.join('、')}</td>
                {punches ? <td className={row.punches?.anomaly ? 'anomaly' : undefined}>{row.punches?.result ?? ''}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="actions">
        <Button className="secondary" onPress={() => go(-1)}>
          上週
        </Button>
        <Button className="secondary" onPress={() => go(1)}>
          下週
        </Button>
      </p>
    </section>
  );
}
