import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { api } from '../../api/index.ts';
import { useMe } from '../../api/hooks.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { isOnsite } from '../../app/nav.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTimeSeconds } from '../../lib/dates.ts';
import { zoneLabel } from '../../lib/labels.ts';
import '../../styles/attendance.css';
import type { PunchKind, PunchStatus, PunchView } from './logic.ts';
import { PUNCH_KINDS, punchText, recordedText, serverOffset } from './logic.ts';

/** 出勤刷卡: the server's time, my last punch, and the six punch buttons (only on the agency's onsite network). */
export default function PunchPage() {
  const me = useMe();
  if (!isOnsite(me))
    // The gateway refuses the punch from here anyway; the page says why instead of asking it.
    return (
      <section className="card notice">
        <PageTitle>出勤刷卡</PageTitle>
        <p id="punch-offsite">
          網路打卡僅限在{me.agency.name}的機關現場網路使用，您目前的連線來自{zoneLabel(me.network.zone)}（{me.network.address}）。
        </p>
        <p className="guidance">請於上班地點連線後再打卡；經 SSL-VPN 或其他機關的網路無法打卡。</p>
      </section>
    );
  return <Punching />;
}

function Punching() {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ['attendance', 'punch-status'],
    queryFn: async () => {
      const sentAt = Date.now();
      const answer = await api.get<PunchStatus>('/api/attendance/web-punches/status');
      return { ...answer, offset: serverOffset(answer.serverTime, sentAt, Date.now()) };
    },
  });
  const [recorded, setRecorded] = useState<PunchView>();
  const punch = useMutation({
    mutationFn: (kind: PunchKind) => api.post<{ punch: PunchView; previous: PunchView | null }>('/api/attendance/web-punches', { kind }),
    onSuccess: (answer) => {
      setRecorded(answer.punch);
      // The status (last punch), the home page's week and the anomalies all change with a punch.
      void queryClient.invalidateQueries({ queryKey: ['attendance'] });
    },
  });
  const failed = [status.error, punch.error].find(isProblem) ?? (punch.error ? networkError() : undefined);
  return (
    <section className="card" aria-labelledby="page-title">
      <PageTitle>出勤刷卡</PageTitle>
      <ServerClock offset={status.data?.offset} />
      <p>
        最後一次刷卡：
        <span id="last-punch">
          {status.isPending ? '載入中…' : status.data?.lastPunch ? punchText(status.data.lastPunch) : '今日及昨日尚無刷卡紀錄'}
        </span>
      </p>
      {failed ? <ProblemMessage problem={failed} onRetry={status.isError ? () => void status.refetch() : undefined} /> : null}
      <div className="punch-buttons" role="group" aria-label="刷卡別">
        {PUNCH_KINDS.map((kind) => (
          <Button key={kind} className="punch-button" isDisabled={punch.isPending || !status.data} onPress={() => punch.mutate(kind)}>
            {kind}
          </Button>
        ))}
      </div>
      <p id="punch-recorded" role="status" className={recorded ? 'punch-recorded' : undefined}>
        {punch.isPending ? '刷卡中…' : recorded ? recordedText(recorded) : ''}
      </p>
    </section>
  );
}

/** The server's time, ticking every second from its offset to this browser's clock (the browser's own time is never shown). */
function ServerClock({ offset }: { offset: number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="server-clock">
      伺服器時間：<time id="server-time">{offset === undefined ? '—' : formatRocDateTimeSeconds(now + offset)}</time>
    </p>
  );
}
