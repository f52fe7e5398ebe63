// 刷卡資料: my days of a period with their raw punches, results and
// corrections (a missing punch links to 差假申請's 忘刷卡 form); attendance
// managers also search the agency's people by 姓名 or 卡號 and unit, see which
// days are corrected by which form and which are still open, page through
// them, and download the unit's 出勤紀錄報表 as CSV or XLSX.
import { parseDate } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from 'react-aria-components';
import { RECORD_FILTERS, RECORD_FILTER_LABEL } from '@webitr/contracts/forms/attendance';
import type { RecordFilter } from '@webitr/contracts/forms/attendance';
import type { AgencyPunchRecordsView, AttendanceReportView, MyPunchRecordsView } from '@webitr/contracts/views/attendance';
import { api } from '../../api/index.ts';
import { useMe } from '../../api/hooks.ts';
import { isProblem } from '../../api/problem.ts';
import { isAttendanceManager } from '../../app/nav.ts';
import { Choice } from '../../components/choice.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { PunchRecordsTable } from '../../components/punch-records.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { agencyRecordsUrl, defaultPeriod, myRecordsUrl, reportUrl } from '../../lib/attendance.ts';
import { formatRocDate, taipeiToday } from '../../lib/dates.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
/** The period the address asks for, else the last 31 days. */
function periodOf(params: URLSearchParams): { from: string; to: string } {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return ISO.test(from) && ISO.test(to) ? { from, to } : defaultPeriod(taipeiToday());
}

const day = (v: DateValue | null): string => (v ? parseDate(v.toString().slice(0, 10)).toString() : '');
const PAGE_SIZE = 31;

interface Filter {
  scope: 'mine' | 'agency';
  from: string;
  to: string;
  q: string;
  unitId?: string | undefined;
  filter: RecordFilter;
  page: number;
}

export default function AttendanceRecordsPage() {
  const me = useMe();
  const manager = isAttendanceManager(me);
  // The period is in the address (?from=…&to=…), so a link, a reload or 上一頁 keeps it.
  const [params, setParams] = useSearchParams();
  const [f, setF] = useState<Filter>(() => ({ scope: 'mine', ...periodOf(params), q: '', filter: 'all', page: 1 }));
  // What is typed in 人員 is asked on 查詢 (or Enter), not at each keystroke.
  const [typed, setTyped] = useState('');
  const set = (next: Partial<Filter>) => {
    const changed = { ...f, page: 1, ...next };
    setF(changed);
    if (changed.from !== f.from || changed.to !== f.to) setParams({ from: changed.from, to: changed.to }, { replace: true });
  };
  const ready = Boolean(f.from && f.to);
  const agency = f.scope === 'agency';
  const mine = useQuery({
    queryKey: ['attendance', 'punch-records', 'mine', f.from, f.to],
    queryFn: () => api.get<MyPunchRecordsView>(myRecordsUrl(f.from, f.to)),
    enabled: ready && !agency,
  });
  const search = { from: f.from, to: f.to, q: f.q, unitId: f.unitId, filter: f.filter, page: f.page, pageSize: PAGE_SIZE };
  const found = useQuery({
    queryKey: ['attendance', 'punch-records', 'agency', search],
    queryFn: () => api.get<AgencyPunchRecordsView>(agencyRecordsUrl(me.agency.id, search)),
    enabled: ready && agency,
    placeholderData: keepPreviousData,
  });
  const list = agency ? found : mine;
  const items = list.data?.items ?? [];
  const total = agency ? (found.data?.total ?? 0) : items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const periodError = list.error && isProblem(list.error) ? list.error.errors.find((e) => /query\.(from|to)/.test(e.field)) : undefined;
  const units = found.data?.units ?? [];

  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>刷卡資料</PageTitle>
        <form
          className="filters"
          aria-label="查詢條件"
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: typed.trim() });
          }}
        >
          {manager ? (
            <Choice
              id="scope"
              label="查詢範圍"
              value={f.scope}
              options={[
                ['mine', '本人'],
                ['agency', `全機關（${me.agency.name}）`],
              ]}
              onChange={(scope) => set({ scope: scope === 'agency' ? 'agency' : 'mine', unitId: undefined, q: '', filter: 'all' })}
            />
          ) : null}
          <RocDateTimeField
            label="起日"
            granularity="day"
            value={f.from ? parseDate(f.from) : null}
            onChange={(v) => set({ from: day(v) })}
            errorMessage={periodError?.field === 'query.from' ? periodError.message : undefined}
          />
          <RocDateTimeField
            label="迄日"
            granularity="day"
            value={f.to ? parseDate(f.to) : null}
            onChange={(v) => set({ to: day(v) })}
            errorMessage={periodError?.field === 'query.to' ? periodError.message : undefined}
          />
          {agency ? (
            <>
              <TextInput label="人員（姓名或卡號）" name="q" value={typed} onChange={setTyped} />
              <Choice
                id="unit"
                label="單位"
                value={f.unitId ?? 'all'}
                options={[['all', '全部單位'], ...units.map((u) => [u.unitId, u.unitName] as const)]}
                onChange={(unitId) => set({ unitId: unitId === 'all' ? undefined : unitId })}
              />
              <Choice
                id="record-filter"
                label="篩選"
                value={f.filter}
                options={RECORD_FILTERS.map((k) => [k, RECORD_FILTER_LABEL[k]] as const)}
                onChange={(filter) => set({ filter: filter as RecordFilter })}
              />
              <p className="actions">
                <Button type="submit">查詢</Button>
              </p>
            </>
          ) : null}
        </form>
        {isProblem(list.error) && !periodError ? <ProblemMessage problem={list.error} onRetry={() => void list.refetch()} /> : null}
        <p className="muted" aria-live="polite" id="records-count">
          {!ready
            ? '請選擇起日與迄日'
            : list.isPending
              ? '載入中…'
              : agency
                ? `${found.data?.people.length ?? 0} 人，共 ${total} 筆`
                : `${formatRocDate(f.from)} 至 ${formatRocDate(f.to)}，共 ${total} 天`}
        </p>
      </section>
      {items.length > 0 ? (
        <section className="card" aria-label="刷卡資料列表">
          <PunchRecordsTable items={items} label="刷卡資料列表" people={agency} />
          {agency && pages > 1 ? (
            <nav className="pager" aria-label="分頁">
              <Button className="secondary" isDisabled={f.page <= 1} onPress={() => setF({ ...f, page: f.page - 1 })}>
                上一頁
              </Button>
              <span id="page-status">
                第 {f.page} / {pages} 頁
              </span>
              <Button className="secondary" isDisabled={f.page >= pages} onPress={() => setF({ ...f, page: f.page + 1 })}>
                下一頁
              </Button>
            </nav>
          ) : null}
        </section>
      ) : null}
      {agency && ready ? <Report agencyId={me.agency.id} from={f.from} to={f.to} unitId={f.unitId} /> : null}
    </>
  );
}

/** 出勤紀錄報表: the unit's (or agency's) counts per result over the period, and the files to download. */
function Report(props: { agencyId: string; from: string; to: string; unitId: string | undefined }) {
  const { agencyId, ...q } = props;
  const report = useQuery({
    queryKey: ['attendance', 'report', agencyId, q],
    queryFn: () => api.get<AttendanceReportView>(reportUrl(agencyId, q)),
  });
  const summary = report.data?.summary ?? [];
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">出勤紀錄報表</h2>
      <p className="muted">
        {report.data?.unitName ?? '全機關'}，{formatRocDate(q.from)} 至 {formatRocDate(q.to)}
        ：每人每日的上班卡、下班卡、出勤結果，及各出勤結果的天數。
      </p>
      {isProblem(report.error) ? <ProblemMessage problem={report.error} onRetry={() => void report.refetch()} /> : null}
      {report.data ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="出勤結果統計">
          <table className="counts-table">
            <thead>
              <tr>
                <th scope="col">姓名</th>
                {summary.map((s) => (
                  <th scope="col" key={s.code}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.data.people.map((p) => (
                <tr key={p.personId}>
                  <th scope="row">{p.name}</th>
                  {summary.map((s) => (
                    <td key={s.code}>{p.counts.find((c) => c.code === s.code)?.count ?? 0}</td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">合計</th>
                {summary.map((s) => (
                  <td key={s.code}>{s.count}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      ) : report.isPending ? (
        <p className="muted">載入中…</p>
      ) : null}
      <p className="actions">
        <a className="button secondary" id="report-csv" href={reportUrl(agencyId, q, 'csv')} download>
          下載 CSV
        </a>
        <a className="button secondary" id="report-xlsx" href={reportUrl(agencyId, q, 'xlsx')} download>
          下載 XLSX
        </a>
      </p>
    </section>
  );
}
