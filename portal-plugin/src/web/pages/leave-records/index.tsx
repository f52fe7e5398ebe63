import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import type { BalanceLedgerView } from '@webitr/contracts/views/leave';
import { isProblem } from '../../api/problem.ts';
import { ChoiceSelect } from '../../components/choice-select.tsx';
import { FormList } from '../../components/form-list.tsx';
import { downloadCsv } from '../../lib/download.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { taipeiToday } from '../../lib/dates.ts';
import { balancesQuery, formsQuery } from '../../lib/form-queries.ts';
import { PunchRecordsTable } from '../../components/punch-records.tsx';
import { monthRange, myRecordsUrl } from '../../lib/attendance.ts';
import { api } from '../../api/index.ts';
import type { MyPunchRecordsView } from '@webitr/contracts/views/attendance';
import {
  ROC_OFFSET,
  amountText,
  csvFilename,
  ledgerLines,
  ledgerName,
  ledgersOfYear,
  recordsCsv,
  yearOptions,
  yearRange,
} from './records.ts';

/** 差假查詢 (差勤資料查詢): my forms and balances in a year (民國), the same as a CSV file, and a month's 刷卡資料. */
export default function LeaveRecordsPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = taipeiToday().year - ROC_OFFSET;
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked > 0 && asked < 300 ? asked : thisYear;
  const forms = useQuery(formsQuery({ box: 'mine', status: 'all', ...yearRange(year) }));
  const balances = useQuery(balancesQuery());
  const ledgers = balances.data ? ledgersOfYear(balances.data.items, year) : undefined;
  const options = yearOptions(thisYear, balances.data?.items).map((y) => ({ value: String(y), label: `${y}年` }));
  if (!options.some((o) => o.value === String(year))) options.unshift({ value: String(year), label: `${year}年` });
  const problem = [forms.error, balances.error].find(isProblem);

  const download = () => {
    // Made here from what the page shows.
    if (forms.data && ledgers) downloadCsv(csvFilename(year), recordsCsv(year, forms.data.items, ledgers));
  };

  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>差假查詢</PageTitle>
        <div className="filters">
          <ChoiceSelect label="年度" value={String(year)} options={options} onChange={(v) => setParams({ year: v }, { replace: true })} />
          <Button className="secondary" onPress={download} isDisabled={!forms.data || !ledgers}>
            匯出 CSV
          </Button>
        </div>
        {problem ? (
          <ProblemMessage
            problem={problem}
            onRetry={() => {
              void forms.refetch();
              void balances.refetch();
            }}
          />
        ) : null}
      </section>
      <section className="card" aria-labelledby="balances-title">
        <h2 id="balances-title">{year}年 假別餘額</h2>
        {balances.isPending ? <p className="muted">載入中…</p> : null}
        {ledgers?.length === 0 ? <p className="muted">本年度沒有假別餘額資料</p> : null}
        {ledgers?.map((ledger) => (
          <Ledger key={ledger.id} ledger={ledger} />
        ))}
      </section>
      <section className="card" aria-labelledby="forms-title">
        <h2 id="forms-title">{year}年 申請案件</h2>
        {forms.isPending ? <p className="muted">載入中…</p> : null}
        {forms.data ? <FormList forms={forms.data.items} label={`${year}年申請案件`} empty="本年度沒有申請案件" /> : null}
      </section>
      <Punches year={year} thisYear={thisYear} />
    </>
  );
}

/** A month's 刷卡資料 of the year: punches, 上班卡, 下班卡, 出勤結果 and corrections (this month by default, in this year). */
function Punches({ year, thisYear }: { year: number; thisYear: number }) {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('month'));
  const month = Number.isInteger(asked) && asked >= 1 && asked <= 12 ? asked : year === thisYear ? taipeiToday().month : 12;
  const thisMonth = monthRange(year + ROC_OFFSET, month);
  // Days to come have no punches: the month up to today, nothing for a month ahead.
  const today = taipeiToday().toString();
  const { from } = thisMonth;
  const to = thisMonth.to < today ? thisMonth.to : today;
  const records = useQuery({
    queryKey: ['attendance', 'punch-records', 'mine', from, to],
    queryFn: () => api.get<MyPunchRecordsView>(myRecordsUrl(from, to)),
    enabled: from <= to,
  });
  const label = `${year}年${month}月 刷卡資料`;
  const options = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}月` }));
  return (
    <section className="card" aria-labelledby="punches-title">
      <h2 id="punches-title">{label}</h2>
      <div className="filters">
        <ChoiceSelect
          label="月份"
          value={String(month)}
          options={options}
          onChange={(v) => setParams({ year: String(year), month: v }, { replace: true })}
        />
      </div>
      {isProblem(records.error) ? <ProblemMessage problem={records.error} onRetry={() => void records.refetch()} /> : null}
      {from > to ? <p className="muted">尚無刷卡資料</p> : records.isPending ? <p className="muted">載入中…</p> : null}
      {records.data ? <PunchRecordsTable items={records.data.items} label={label} /> : null}
    </section>
  );
}

function Ledger({ ledger }: { ledger: BalanceLedgerView }) {
  const name = `${ledgerName(ledger.ledger)} ${ledger.periodLabel}`;
  const lines = ledgerLines(ledger);
  return (
    <section className="ledger" aria-label={name} data-ledger={ledger.ledger}>
      <h3>{name}</h3>
      <dl className="form-facts">
        <dt>核給</dt>
        <dd>{amountText(ledger.granted, ledger.unit)}</dd>
        <dt>已用</dt>
        <dd>{amountText(ledger.consumed, ledger.unit)}</dd>
        <dt>申請中</dt>
        <dd>{amountText(ledger.reserved, ledger.unit)}</dd>
        <dt>剩餘</dt>
        <dd>
          <strong>{ledger.remainingText}</strong>
        </dd>
      </dl>
      {lines.length ? (
        // Focusable, so the lines can be scrolled by keyboard when a narrow screen cuts them.
        <div className="table-scroll" tabIndex={0} role="group" aria-label={`${name} 明細`}>
          <table>
            <caption className="visually-hidden">{name} 明細</caption>
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">類別</th>
                <th scope="col">數量</th>
                <th scope="col">說明</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, i) => (
                <tr key={i}>
                  <td className="nowrap">{line.date}</td>
                  <td>{line.kind}</td>
                  <td className="nowrap">{line.amount}</td>
                  <td>{line.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
