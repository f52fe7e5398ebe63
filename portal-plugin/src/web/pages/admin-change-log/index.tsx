// 帳號異動記錄 (seed 000): every change to the agency's people, roles, apps,
// units and defaults, and every look at a full national ID — by who did it,
// whom it was about, what kind and when (Taipei days) — newest first, and the
// same as a CSV file.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { CHANGE_ACTIONS, changeLogQuery } from '@webitr/contracts/forms/directory';
import type { ChangeLogQueryInput } from '@webitr/contracts/forms/directory';
import type { ChangeLogItem } from '@webitr/contracts/views/directory';
import { directory, directoryKeys } from '../../api/directory.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { FormDateField } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { Pager } from '../../components/pager.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import type { PickedPerson } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { downloadCsv } from '../../lib/download.ts';
import { filterResolver } from '../../lib/form-values.ts';
import { formatRocDateTime } from '../../lib/dates.ts';
import { changeActionLabel } from '../../lib/admin-labels.ts';
import { actorText, changeLines, logCsv, logFilename, sourceText, targetText } from './logic.ts';

const PAGE_SIZE = 50;
/** The CSV takes every entry of the filter, at most this many (a page of 200 at a time). */
const EXPORT_LIMIT = 10_000;

interface FilterFields {
  actor: PickedPerson | undefined;
  person: PickedPerson | undefined;
  action: string;
  from: string;
  to: string;
}
type Filter = Omit<ChangeLogQueryInput, 'page' | 'pageSize'>;

const toQuery = (f: FilterFields): Filter => ({
  ...(f.actor ? { actorId: f.actor.id } : {}),
  ...(f.person ? { personId: f.person.id } : {}),
  ...(f.action ? { action: f.action as Filter['action'] } : {}),
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
});
const resolver = filterResolver<FilterFields>(changeLogQuery, toQuery);

export default function ChangeLogPage() {
  return <AdminFrame page="change-log">{(ctx) => <ChangeLog {...ctx} />}</AdminFrame>;
}

function ChangeLog({ agency }: AdminContext) {
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const query = { ...filter, page, pageSize: PAGE_SIZE };
  const log = useQuery({ queryKey: directoryKeys.changeLog(agency.id, query), queryFn: () => directory.changeLog(agency.id, query) });
  const { control, handleSubmit, reset } = useForm<FilterFields>({
    resolver,
    defaultValues: { actor: undefined, person: undefined, action: '', from: '', to: '' },
  });
  const submit = handleSubmit((values) => {
    setFilter(toQuery(values));
    setPage(1);
  });
  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<ProblemError>();
  const [exportNote, setExportNote] = useState('');
  const exportCsv = async () => {
    setExporting(true);
    setExportProblem(undefined);
    try {
      const entries: ChangeLogItem[] = [];
      for (let n = 1; entries.length < EXPORT_LIMIT; n += 1) {
        const got = await directory.changeLog(agency.id, { ...filter, page: n, pageSize: 200 });
        entries.push(...got.items);
        if (got.items.length < 200 || entries.length >= got.total) break;
      }
      downloadCsv(logFilename(agency.name, filter.from, filter.to), logCsv(entries.slice(0, EXPORT_LIMIT)));
      setExportNote(
        entries.length >= EXPORT_LIMIT
          ? `已下載最新的 ${EXPORT_LIMIT} 筆；請縮小查詢期間以取得其餘記錄。`
          : `已下載 ${entries.length} 筆。`,
      );
    } catch (error) {
      setExportProblem(isProblem(error) ? error : networkError());
    } finally {
      setExporting(false);
    }
  };

  if (isRefusal(log.error)) return <AdminRefusal problem={log.error} />;
  const items = log.data?.items ?? [];
  const total = log.data?.total ?? 0;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>帳號異動記錄</PageTitle>
        <AgencyLine agency={agency} page="change-log" />
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="查詢條件">
          <div className="filters">
            <Controller
              control={control}
              name="actor"
              render={({ field }) => (
                <PersonPicker id="log-actor" label="異動者" agencyId={agency.id} value={field.value} onChange={field.onChange} />
              )}
            />
            <Controller
              control={control}
              name="person"
              render={({ field }) => (
                <PersonPicker id="log-person" label="異動對象" agencyId={agency.id} value={field.value} onChange={field.onChange} />
              )}
            />
            <Controller
              control={control}
              name="action"
              render={({ field }) => (
                <Choice
                  id="log-action"
                  label="異動類別"
                  value={field.value}
                  options={[['', '全部'], ...CHANGE_ACTIONS.map((a) => [a, changeActionLabel(a)] as const)]}
                  onChange={field.onChange}
                />
              )}
            />
            <FormDateField control={control} name="from" label="起日" />
            <FormDateField control={control} name="to" label="迄日" />
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
            <Button className="secondary" isDisabled={exporting || !log.data || total === 0} onPress={() => void exportCsv()}>
              {exporting ? '匯出中…' : '匯出 CSV'}
            </Button>
          </p>
          {exportProblem ? <ProblemMessage problem={exportProblem} /> : null}
          {exportNote ? (
            <p role="status" className="muted">
              {exportNote}
            </p>
          ) : null}
        </form>
      </section>
      <section className="card" aria-labelledby="log-title">
        <h2 id="log-title">異動記錄{log.data ? `（共 ${total} 筆）` : ''}</h2>
        {log.error ? (
          <ProblemMessage problem={isProblem(log.error) ? log.error : networkError()} onRetry={() => void log.refetch()} />
        ) : null}
        {log.data && items.length === 0 ? <p className="muted">查無符合條件的異動記錄。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="異動記錄">
            <table id="change-log" className="wide">
              <thead>
                <tr>
                  <th scope="col">時間</th>
                  <th scope="col">異動者</th>
                  <th scope="col">異動對象</th>
                  <th scope="col">異動類別</th>
                  <th scope="col">異動內容</th>
                  <th scope="col">來源</th>
                  <th scope="col">說明</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{formatRocDateTime(e.at)}</th>
                    <td>{actorText(e)}</td>
                    <td>{targetText(e)}</td>
                    <td>{changeActionLabel(e.action)}</td>
                    <td>
                      <ul className="change-values">
                        {changeLines(e).map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                    </td>
                    <td>{sourceText(e)}</td>
                    <td>{e.note ?? ''}</td>
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
