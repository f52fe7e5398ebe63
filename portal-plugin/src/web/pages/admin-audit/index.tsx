// 稽核紀錄 (system administrators): the gateway's audit log — sign-ins and
// sign-outs, refusals with their reason, administrative actions — filtered by
// 人員 (acting or acted on; picked in the agency shown), 類別, 結果 and a
// period of Taipei days, newest first, a page at a time. Addresses come
// masked to their network; national IDs are never in the log.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import {
  AUDIT_OUTCOMES,
  AUDIT_OUTCOME_NAMES,
  AUDIT_TYPES,
  AUDIT_TYPE_NAMES,
  REFUSED_AUDIT_TYPES,
  auditQuery,
} from '@webitr/contracts/forms/audit';
import type { AuditItem, AuditQueryInput } from '@webitr/contracts/forms/audit';
import { adminBoard, adminBoardKeys } from '../../api/admin-board.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { FormDateField } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { Pager } from '../../components/pager.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import type { PickedPerson } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTimeSeconds } from '../../lib/dates.ts';
import { filterResolver } from '../../lib/form-values.ts';

const PAGE_SIZE = 50;

interface FilterFields {
  person: PickedPerson | undefined;
  type: string;
  outcome: string;
  from: string;
  to: string;
}
type Filter = Omit<AuditQueryInput, 'page' | 'pageSize'>;

const toQuery = (f: FilterFields): Filter => ({
  ...(f.person ? { personId: f.person.id } : {}),
  ...(f.type ? { type: f.type as Filter['type'] } : {}),
  ...(f.outcome ? { outcome: f.outcome as Filter['outcome'] } : {}),
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
});
const resolver = filterResolver<FilterFields>(auditQuery, toQuery);

export default function AuditPage() {
  return <AdminFrame page="audit">{(ctx) => <Audit {...ctx} />}</AdminFrame>;
}

function Audit({ agency }: AdminContext) {
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const query: AuditQueryInput = { ...filter, page, pageSize: PAGE_SIZE };
  const log = useQuery({ queryKey: adminBoardKeys.audit(query), queryFn: () => adminBoard.audit(query) });
  const { control, handleSubmit, reset } = useForm<FilterFields>({
    resolver,
    defaultValues: { person: undefined, type: '', outcome: '', from: '', to: '' },
  });
  const submit = handleSubmit((values) => {
    setFilter(toQuery(values));
    setPage(1);
  });

  if (isRefusal(log.error)) return <AdminRefusal problem={log.error} />;
  const items = log.data?.items ?? [];
  const total = log.data?.total ?? 0;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>稽核紀錄</PageTitle>
        <p className="muted">全系統的登入、登出、拒絕存取（含原因）與管理操作紀錄。人員可選下列機關的人員。</p>
        <AgencyLine agency={agency} page="audit" />
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="查詢條件">
          <div className="filters">
            <Controller
              control={control}
              name="person"
              render={({ field }) => (
                <PersonPicker id="audit-person" label="人員" agencyId={agency.id} value={field.value} onChange={field.onChange} />
              )}
            />
            <Controller
              control={control}
              name="type"
              render={({ field }) => (
                <Choice
                  id="audit-type"
                  label="類別"
                  value={field.value}
                  options={[['', '全部'], ...AUDIT_TYPES.map((t) => [t, AUDIT_TYPE_NAMES[t]] as const)]}
                  onChange={field.onChange}
                />
              )}
            />
            <Controller
              control={control}
              name="outcome"
              render={({ field }) => (
                <Choice
                  id="audit-outcome"
                  label="結果"
                  value={field.value}
                  options={[['', '全部'], ...AUDIT_OUTCOMES.map((o) => [o, AUDIT_OUTCOME_NAMES[o]] as const)]}
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
          </p>
        </form>
      </section>
      <section className="card" aria-labelledby="audit-title">
        <h2 id="audit-title">紀錄{log.data ? `（共 ${total} 筆）` : ''}</h2>
        {log.error ? (
          <ProblemMessage problem={isProblem(log.error) ? log.error : networkError()} onRetry={() => void log.refetch()} />
        ) : null}
        {log.data && items.length === 0 ? <p className="muted">查無符合條件的紀錄。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="稽核紀錄">
            <table id="audit-log" className="wide">
              <thead>
                <tr>
                  <th scope="col">時間</th>
                  <th scope="col">人員</th>
                  <th scope="col">類別</th>
                  <th scope="col">結果</th>
                  <th scope="col">原因或操作</th>
                  <th scope="col">請求</th>
                  <th scope="col">來源</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <AuditRow key={e.id} entry={e} />
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

function AuditRow({ entry: e }: { entry: AuditItem }) {
  const refused = REFUSED_AUDIT_TYPES.includes(e.type);
  return (
    <tr data-audit-id={e.id}>
      <th scope="row">{formatRocDateTimeSeconds(e.at)}</th>
      <td>
        {e.personId ? (e.personName ? `${e.personName}（${e.personId}）` : e.personId) : '—'}
        {e.targetPersonId ? <span className="muted small">（對象：{e.targetPersonId}）</span> : null}
      </td>
      <td>{AUDIT_TYPE_NAMES[e.type] ?? e.type}</td>
      <td className={refused ? 'anomaly' : undefined}>{AUDIT_OUTCOME_NAMES[refused ? 'refused' : 'allowed']}</td>
      <td className="reason">{e.reason ?? ''}</td>
      <td>{e.path ? `${e.method ?? ''} ${e.path}` : ''}</td>
      <td>
        {e.address}・{e.zone}
        {e.portal ? `・${e.portal}` : ''}
      </td>
    </tr>
  );
}
