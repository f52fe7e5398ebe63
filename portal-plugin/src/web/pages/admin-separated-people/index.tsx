// 離職人員查詢 (seed 001, 11-2: the people who no longer use WebITR): the
// agency's separated people whose 離職 took effect in a period, found by
// name, newest first, each with the reason in their employment history and
// a link to their page; national IDs masked. The separated people as a file
// come from 下載機關所有員工資料 with 離職 only.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { Button } from 'react-aria-components';
import { separatedPeopleQuery } from '@webitr/contracts/forms/directory';
import type { SeparatedPeopleQueryInput } from '@webitr/contracts/forms/directory';
import { directory, directoryKeys, exportPeopleUrl } from '../../api/directory.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { FormDateField, TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { Pager } from '../../components/pager.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDate } from '../../lib/dates.ts';
import { bodyResolver } from '../../lib/form-values.ts';

const PAGE_SIZE = 20;

interface FilterFields {
  from: string;
  to: string;
  name: string;
}
type Filter = Omit<SeparatedPeopleQueryInput, 'page' | 'pageSize'>;

const toQuery = (f: FilterFields): Filter => ({
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
  ...(f.name.trim() ? { name: f.name.trim() } : {}),
});
const checked = bodyResolver<FilterFields>(separatedPeopleQuery, toQuery);

export default function SeparatedPeoplePage() {
  return <AdminFrame page="separated-people">{(ctx) => <SeparatedPeople {...ctx} />}</AdminFrame>;
}

function SeparatedPeople({ agency, may }: AdminContext) {
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const query = { ...filter, page, pageSize: PAGE_SIZE };
  const people = useQuery({
    queryKey: directoryKeys.separated(agency.id, query),
    queryFn: () => directory.listSeparatedPeople(agency.id, query),
  });
  const { control, handleSubmit, reset } = useForm<FilterFields>({
    // Valid: the form keeps its own values; the query is made again on submit.
    resolver: async (values, context, options) => {
      const result = await checked(values, context, options);
      return Object.keys(result.errors).length > 0 ? result : { values, errors: {} };
    },
    defaultValues: { from: '', to: '', name: '' },
  });
  const submit = handleSubmit((values) => {
    setFilter(toQuery(values));
    setPage(1);
  });
  if (isRefusal(people.error)) return <AdminRefusal problem={people.error} />;
  const items = people.data?.items ?? [];
  const total = people.data?.total ?? 0;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>離職人員查詢</PageTitle>
        <AgencyLine agency={agency} page="separated-people" />
        <p className="muted">已辦理離職、不再使用差勤系統的人員；依離職生效日查詢。</p>
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="查詢條件">
          <div className="filters">
            <FormDateField control={control} name="from" label="離職日起" />
            <FormDateField control={control} name="to" label="離職日迄" />
            <Controller
              control={control}
              name="name"
              render={({ field, fieldState }) => (
                <TextInput label="姓名" name="name" value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
              )}
            />
          </div>
          <p className="actions">
            <Button type="submit">查詢</Button>
            <Button
              className="secondary"
              onPress={() => {
                reset();
                setFilter({});
                setPage(1);
              }}
            >
              清除條件
            </Button>
            {may('export-people') ? (
              <>
                <a className="button secondary" id="export-separated-csv" href={exportPeopleUrl(agency.id, 'csv', 'separated')} download>
                  下載離職人員資料（CSV）
                </a>
                <a className="button secondary" id="export-separated-xlsx" href={exportPeopleUrl(agency.id, 'xlsx', 'separated')} download>
                  下載離職人員資料（XLSX）
                </a>
              </>
            ) : null}
          </p>
        </form>
      </section>
      <section className="card" aria-labelledby="separated-title">
        <h2 id="separated-title">離職人員{people.data ? `（共 ${total} 人）` : ''}</h2>
        {people.error ? (
          <ProblemMessage problem={isProblem(people.error) ? people.error : networkError()} onRetry={() => void people.refetch()} />
        ) : null}
        {people.data && items.length === 0 ? <p className="muted">查無符合條件的離職人員。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="離職人員">
            <table id="separated-people" className="wide">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">身分證字號</th>
                  <th scope="col">單位</th>
                  <th scope="col">職稱</th>
                  <th scope="col">職務類別</th>
                  <th scope="col">到職日期</th>
                  <th scope="col">離職日期</th>
                  <th scope="col">離職原因</th>
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
                    <td>{p.serviceStartDate ? formatRocDate(p.serviceStartDate) : ''}</td>
                    <td>{formatRocDate(p.separatedOn)}</td>
                    <td>{p.reason ?? ''}</td>
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
