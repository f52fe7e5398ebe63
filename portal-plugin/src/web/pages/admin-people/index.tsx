// 基本資料維護 (seed 001, 5-3): the agency's people — found by name, unit,
// status or national ID (masked) — each opening to its page (edit, 離職,
// 留職停薪, 機關員工轉移); 新增人員, 批次匯入, and 下載機關所有員工資料 (CSV, XLSX).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SearchPeopleInput } from '@webitr/contracts/forms/directory';
import { directory, directoryKeys, exportPeopleUrl } from '../../api/directory.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { Pager } from '../../components/pager.tsx';
import { PeopleSearch } from '../../components/people-search.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDate } from '../../lib/dates.ts';
import { statusLabel } from '../../lib/admin-labels.ts';

const PAGE_SIZE = 20;

export default function PeoplePage() {
  return <AdminFrame page="people">{(ctx) => <People {...ctx} />}</AdminFrame>;
}

function People({ agency, may }: AdminContext) {
  const units = useQuery({ queryKey: directoryKeys.units(agency.id), queryFn: () => directory.listUnits(agency.id) });
  const [search, setSearch] = useState<SearchPeopleInput>({});
  const [page, setPage] = useState(1);
  const query = { ...search, page, pageSize: PAGE_SIZE };
  const people = useQuery({ queryKey: directoryKeys.people(agency.id, query), queryFn: () => directory.searchPeople(agency.id, query) });
  if (isRefusal(people.error)) return <AdminRefusal problem={people.error} />;
  const items = people.data?.items ?? [];
  const total = people.data?.total ?? 0;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>基本資料維護</PageTitle>
        <AgencyLine agency={agency} page="people" />
        <p className="actions">
          {may('manage-people') ? (
            <Link className="button" to={adminUrl(agency.id, 'people/new')}>
              新增人員
            </Link>
          ) : null}
          {may('import-people') ? (
            <Link className="button secondary" to={adminUrl(agency.id, 'people/import')}>
              批次匯入
            </Link>
          ) : null}
          {may('export-people') ? (
            <>
              <a className="button secondary" id="export-people" href={exportPeopleUrl(agency.id, 'csv')} download>
                下載機關所有員工資料（CSV）
              </a>
              <a className="button secondary" id="export-people-xlsx" href={exportPeopleUrl(agency.id, 'xlsx')} download>
                下載機關所有員工資料（XLSX）
              </a>
            </>
          ) : null}
        </p>
      </section>
      <section className="card" aria-labelledby="search-title">
        <h2 id="search-title">查詢員工</h2>
        <PeopleSearch
          units={units.data?.items ?? []}
          onSearch={(s) => {
            setSearch(s);
            setPage(1);
          }}
        />
      </section>
      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">人員{people.data ? `（共 ${total} 人）` : ''}</h2>
        {people.error ? (
          <ProblemMessage problem={isProblem(people.error) ? people.error : networkError()} onRetry={() => void people.refetch()} />
        ) : null}
        {people.data && items.length === 0 ? <p className="muted">查無符合條件的人員。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="人員">
            <table id="people">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">身分證字號</th>
                  <th scope="col">單位</th>
                  <th scope="col">職稱</th>
                  <th scope="col">職務類別</th>
                  <th scope="col">在職狀態</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={adminUrl(agency.id, 'people/:personId', { personId: p.id })}>{p.name}</Link>
                    </th>
                    <td className="national-id">{p.nationalIdMasked}</td>
                    <td>{p.unitName ?? ''}</td>
                    <td>{p.title ?? ''}</td>
                    <td>{p.jobCategory}</td>
                    <td>
                      <span className={`status-tag ${p.status}`}>{statusLabel(p.status)}</span>
                      {p.status !== 'active' ? <span className="muted"> 自 {formatRocDate(p.statusSince)}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pager page={page} total={total} pageSize={PAGE_SIZE} onPage={setPage} />
      </section>
    </>
  );
}
