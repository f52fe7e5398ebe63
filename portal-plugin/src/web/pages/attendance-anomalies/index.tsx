import { parseDate } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/index.ts';
import { useMe } from '../../api/hooks.ts';
import { isProblem } from '../../api/problem.ts';
import { isAttendanceManager } from '../../app/nav.ts';
import { Choice } from '../../components/choice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formatRocDate, taipeiToday } from '../../lib/dates.ts';
import '../../styles/attendance.css';
import type { Anomaly, AnomalyFilter } from './logic.ts';
import { anomaliesUrl, unitsOf } from './logic.ts';
import { defaultPeriod, minutesText } from '../../lib/attendance.ts';

const day = (v: DateValue | null): string => (v ? parseDate(v.toString().slice(0, 10)).toString() : '');

/** 出勤異常: my anomalies of a period; attendance managers also the agency's, by unit, with the CSV to download. */
export default function AnomaliesPage() {
  const me = useMe();
  const manager = isAttendanceManager(me);
  const [filter, setFilter] = useState<AnomalyFilter>(() => ({ scope: 'mine', ...defaultPeriod(taipeiToday()) }));
  const ready = Boolean(filter.from && filter.to);
  const list = useQuery({
    queryKey: ['attendance', 'anomalies', filter],
    queryFn: () => api.get<{ from: string; to: string; items: Anomaly[] }>(anomaliesUrl(me.agency.id, filter)),
    enabled: ready,
  });
  // The 單位 choices: the units the agency's anomalies of the period name (attendance managers may not read the directory's units).
  const allUnits = useQuery({
    queryKey: ['attendance', 'anomalies', { ...filter, unitId: undefined }],
    queryFn: () => api.get<{ items: Anomaly[] }>(anomaliesUrl(me.agency.id, { ...filter, unitId: undefined })),
    enabled: ready && filter.scope === 'agency',
  });
  const agency = filter.scope === 'agency';
  const items = list.data?.items ?? [];
  const periodError = list.error && isProblem(list.error) ? list.error.errors.find((e) => /query\.(from|to)/.test(e.field)) : undefined;
  return (
    <section className="card" aria-labelledby="page-title">
      <PageTitle>出勤異常</PageTitle>
      <form className="filters" aria-label="查詢條件" onSubmit={(e) => e.preventDefault()}>
        {manager ? (
          <Choice
            id="scope"
            label="查詢範圍"
            value={filter.scope}
            options={[
              ['mine', '本人'],
              ['agency', `全機關（${me.agency.name}）`],
            ]}
            onChange={(scope) => setFilter({ ...filter, scope: scope === 'agency' ? 'agency' : 'mine', unitId: undefined })}
          />
        ) : null}
        {agency ? (
          <Choice
            id="unit"
            label="單位"
            value={filter.unitId ?? 'all'}
            options={[['all', '全部單位'], ...unitsOf(allUnits.data?.items ?? [])]}
            onChange={(unitId) => setFilter({ ...filter, unitId: unitId === 'all' ? undefined : unitId })}
          />
        ) : null}
        <RocDateTimeField
          label="起日"
          granularity="day"
          value={filter.from ? parseDate(filter.from) : null}
          onChange={(v) => setFilter({ ...filter, from: day(v) })}
          errorMessage={periodError?.field === 'query.from' ? periodError.message : undefined}
        />
        <RocDateTimeField
          label="迄日"
          granularity="day"
          value={filter.to ? parseDate(filter.to) : null}
          onChange={(v) => setFilter({ ...filter, to: day(v) })}
          errorMessage={periodError?.field === 'query.to' ? periodError.message : undefined}
        />
      </form>
      {isProblem(list.error) && !periodError ? <ProblemMessage problem={list.error} onRetry={() => void list.refetch()} /> : null}
      <p className="muted" aria-live="polite" id="anomaly-count">
        {!ready ? '請選擇起日與迄日' : list.isPending ? '載入中…' : `共 ${items.length} 筆出勤異常`}
      </p>
      {ready ? (
        <p className="actions">
          <a className="button secondary" id="anomalies-csv" href={anomaliesUrl(me.agency.id, filter, 'csv')} download>
            下載 CSV
          </a>
          <a className="button secondary" id="anomalies-xlsx" href={anomaliesUrl(me.agency.id, filter, 'xlsx')} download>
            下載 XLSX
          </a>
        </p>
      ) : null}
      {items.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="出勤異常列表">
          <table className="anomalies">
            <thead>
              <tr>
                {/* What a phone shows without scrolling comes first: the day, who, and what is wrong with it. */}
                <th scope="col">日期</th>
                {agency ? <th scope="col">姓名</th> : null}
                <th scope="col">出勤結果</th>
                <th scope="col">上班卡</th>
                <th scope="col">下班卡</th>
                {agency ? <th scope="col">單位</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={`${a.personId}|${a.date}`}>
                  <th scope="row">{formatRocDate(a.date)}</th>
                  {agency ? <td>{a.name}</td> : null}
                  <td className="anomaly">
                    {a.result.label}
                    {minutesText(a) ? <span className="muted">（{minutesText(a)}）</span> : null}
                  </td>
                  <td>{a.in ?? ''}</td>
                  <td>{a.out ?? ''}</td>
                  {agency ? <td>{a.unitName ?? ''}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
