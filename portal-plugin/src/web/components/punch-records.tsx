// 刷卡資料's table: each day with its raw punches (卡檔, 網路刷卡, 刷卡機,
// 忘刷卡), 上班卡 / 下班卡 / 出勤結果, what covers it, and its correction
// (待更正 / 忘刷卡申請中 / 已更正 and by which form). The person's own days
// offer 「申請忘刷卡」 where a punch is missing; managers see the same with
// the person's name and unit. Used by 刷卡資料 and 差假查詢.
import { Link } from 'react-router';
import type { DayRecordView } from '@webitr/contracts/views/attendance';
import { forgottenPunchLink, mayCorrect, minutesText, punchText } from '../lib/attendance.ts';
import '../styles/attendance.css';

export function PunchRecordsTable(props: {
  items: readonly DayRecordView[];
  /** The table's name for screen readers, e.g. 「115年11月 刷卡資料」. */
  label: string;
  /** Managers' view: the person's name and unit in each row, no 申請忘刷卡. */
  people?: boolean;
}) {
  const { items, label, people = false } = props;
  return (
    // Focusable, so a narrow screen can be scrolled by keyboard too; on a phone each day is a card of labelled lines (attendance.css).
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="punch-records">
        <thead>
          <tr>
            <th scope="col">日期</th>
            {people ? <th scope="col">姓名</th> : null}
            {people ? <th scope="col">單位</th> : null}
            <th scope="col">刷卡紀錄</th>
            <th scope="col">上班卡</th>
            <th scope="col">下班卡</th>
            <th scope="col">出勤結果</th>
            <th scope="col">更正</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={`${d.personId}|${d.date}`} data-date={d.date} data-correction={d.correction ?? undefined}>
              <th scope="row" className="nowrap">
                {d.label}
              </th>
              {people ? (
                <td className="nowrap" data-label="姓名">
                  {d.name}
                </td>
              ) : null}
              {people ? <td data-label="單位">{d.unitName ?? ''}</td> : null}
              <td data-label="刷卡紀錄">
                {d.punches.length ? (
                  <ul className="punch-list">
                    {d.punches.map((p) => (
                      <li key={`${p.at}|${p.channel}`}>{punchText(p)}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td data-label="上班卡">{d.in ?? ''}</td>
              <td data-label="下班卡">{d.out ?? ''}</td>
              <td className={d.anomaly ? 'anomaly' : undefined} data-label="出勤結果">
                {d.result?.label ?? ''}
                {minutesText(d) ? <span className="muted">（{minutesText(d)}）</span> : null}
                {d.forms.length ? <span className="muted block">{d.forms.map((f) => f.title).join('、')}</span> : null}
              </td>
              <td data-label="更正">
                {d.correctionLabel ? <span className={`correction ${d.correction}`}>{d.correctionLabel}</span> : null}
                {d.corrections.length ? (
                  <ul className="punch-list">
                    {d.corrections.map((c) => (
                      <li key={c.formId}>
                        <Link to={`/leave/requests/${encodeURIComponent(c.formId)}`}>
                          忘刷卡 {c.directionLabel} {c.time}
                        </Link>{' '}
                        {c.statusLabel}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {!people && mayCorrect(d) ? (
                  <Link className="button secondary small" to={forgottenPunchLink(d)} aria-label={`申請忘刷卡 ${d.label}`}>
                    申請忘刷卡
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
