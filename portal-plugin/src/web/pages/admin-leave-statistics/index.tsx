// 差勤統計報表 (seed 001, 7-4 請假資料報表, 9-6 加班資料報表, 10-1 差勤、加班統計報表):
// approved leave, comp time (補休) and overtime (加班時數, by 補休 or 加班費) of
// the agency or one unit over a period — totals per 假別 as a bar chart with
// the same numbers in a table beside it, then per unit and per person — and
// the same as CSV or XLSX, made by the leave service.
import { parseDate } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { LeaveStatisticsLineView, LeaveStatisticsView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { directory, directoryKeys } from '../../api/directory.ts';
import { isProblem } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { BarChart } from '../../components/bar-chart.tsx';
import { Choice } from '../../components/choice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formatRocDate, taipeiToday } from '../../lib/dates.ts';
import { columnBars, statisticsUrl, thisMonth } from '../../lib/leave-statistics.ts';
import type { StatisticsFilter } from '../../lib/leave-statistics.ts';

const day = (v: DateValue | null): string => (v ? parseDate(v.toString().slice(0, 10)).toString() : '');

export default function LeaveStatisticsPage() {
  return <AdminFrame page="leave-statistics">{(ctx) => <LeaveStatistics {...ctx} />}</AdminFrame>;
}

function LeaveStatistics({ agency }: AdminContext) {
  const units = useQuery({ queryKey: directoryKeys.units(agency.id), queryFn: () => directory.listUnits(agency.id) });
  // What the form shows, and what was asked (on 查詢).
  const [form, setForm] = useState<StatisticsFilter>(() => thisMonth(taipeiToday()));
  const [asked, setAsked] = useState<StatisticsFilter>(form);
  const stats = useQuery({
    queryKey: ['leave', 'statistics', agency.id, asked],
    queryFn: () => api.get<LeaveStatisticsView>(statisticsUrl(agency.id, asked)),
    placeholderData: keepPreviousData,
  });
  if (isRefusal(stats.error)) return <AdminRefusal problem={stats.error} />;
  const periodError = isProblem(stats.error)
    ? stats.error.errors?.find((e) => e.field === 'query.from' || e.field === 'query.to')
    : undefined;
  const view = stats.data;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>差勤統計報表</PageTitle>
        <AgencyLine agency={agency} page="leave-statistics" />
        <p className="muted">已核准（含申請撤銷中）的請假、補休與加班，依期間內的日數計算；一日以 8 小時計。</p>
        <form
          aria-label="統計條件"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setAsked(form);
          }}
        >
          <div className="filters">
            <RocDateTimeField
              label="起日"
              granularity="day"
              value={form.from ? parseDate(form.from) : null}
              onChange={(v) => setForm({ ...form, from: day(v) })}
              errorMessage={periodError?.field === 'query.from' ? periodError.message : undefined}
            />
            <RocDateTimeField
              label="迄日"
              granularity="day"
              value={form.to ? parseDate(form.to) : null}
              onChange={(v) => setForm({ ...form, to: day(v) })}
              errorMessage={periodError?.field === 'query.to' ? periodError.message : undefined}
            />
            <Choice
              id="statistics-unit"
              label="單位"
              value={form.unitId ?? 'all'}
              options={[['all', '全機關'], ...(units.data?.items ?? []).map((u) => [u.id, u.name] as const)]}
              onChange={(unitId) => setForm({ ...form, unitId: unitId === 'all' ? undefined : unitId })}
            />
          </div>
          <p className="actions">
            <Button type="submit">查詢</Button>
          </p>
        </form>
        {isProblem(stats.error) && !periodError ? <ProblemMessage problem={stats.error} onRetry={() => void stats.refetch()} /> : null}
        <p className="muted" aria-live="polite" id="statistics-status">
          {stats.isFetching
            ? '統計中…'
            : view
              ? `${view.unitName ?? '全機關'}，${formatRocDate(view.from)} 至 ${formatRocDate(view.to)}：${view.people.length} 人`
              : ''}
        </p>
      </section>
      {view ? <Report agencyId={agency.id} view={view} /> : null}
    </>
  );
}

function Report({ agencyId, view }: { agencyId: string; view: LeaveStatisticsView }) {
  const asked = { from: view.from, to: view.to, unitId: view.unitId ?? undefined };
  if (view.columns.length === 0)
    return (
      <section className="card" aria-labelledby="totals-title">
        <h2 id="totals-title">統計結果</h2>
        <p className="muted">此期間沒有已核准的請假、補休或加班。</p>
      </section>
    );
  return (
    <>
      <section className="card" aria-labelledby="totals-title">
        <h2 id="totals-title">各假別合計</h2>
        <div className="statistics-grid">
          <BarChart id="statistics-chart" caption="各假別及加班時數" bars={columnBars(view)} />
          <div className="table-scroll" tabIndex={0} role="region" aria-label="各假別合計">
            <table id="statistics-totals" className="numbers">
              <thead>
                <tr>
                  <th scope="col">假別</th>
                  <th scope="col">件數</th>
                  <th scope="col">時數</th>
                </tr>
              </thead>
              <tbody>
                {view.columns.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{c.label}</th>
                    <td>{view.total.amounts[c.key]?.count ?? 0}</td>
                    <td>{view.total.amounts[c.key]?.text ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <p className="actions">
          <a className="button secondary" id="statistics-csv" href={statisticsUrl(agencyId, asked, 'csv')} download>
            下載 CSV
          </a>
          <a className="button secondary" id="statistics-xlsx" href={statisticsUrl(agencyId, asked, 'xlsx')} download>
            下載 XLSX
          </a>
        </p>
      </section>
      <LinesTable id="statistics-units" title="單位統計" first="單位" view={view} lines={view.units} />
      <LinesTable id="statistics-people" title="個人統計" first="姓名" view={view} lines={view.people} />
    </>
  );
}

/** A line per unit or person: each column's time, then the leave and overtime totals, then 合計. */
function LinesTable(props: {
  id: string;
  title: string;
  first: string;
  view: LeaveStatisticsView;
  lines: readonly LeaveStatisticsLineView[];
}) {
  const { id, title, first, view, lines } = props;
  const cells = (line: LeaveStatisticsLineView) => (
    <>
      {view.columns.map((c) => (
        <td key={c.key}>{line.amounts[c.key]?.text ?? ''}</td>
      ))}
      <td>{line.leave.text}</td>
      <td>{line.overtime.text}</td>
    </>
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
        <table id={id} className="numbers wide">
          <thead>
            <tr>
              <th scope="col">{first}</th>
              {first === '姓名' ? <th scope="col">單位</th> : null}
              {view.columns.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
              <th scope="col">請假合計</th>
              <th scope="col">加班合計</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.personId ?? line.unitId ?? line.name}>
                <th scope="row">{line.name}</th>
                {first === '姓名' ? <td>{line.unitName ?? ''}</td> : null}
                {cells(line)}
              </tr>
            ))}
            <tr>
              <th scope="row">合計</th>
              {first === '姓名' ? <td /> : null}
              {cells(view.total)}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
