// 請假資料維護 (seed 001, 7-1): the forms of anyone in the agency, searched by
// person (申請人), form, leave type, status and period; each opens as the form
// page (the leave service lets its attendance managers read it), and the
// result exports as CSV or XLSX from the service. Filing on someone's behalf
// is 差假申請's 多人 mode (the service lets attendance managers file for
// anyone in their agency), linked from here.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { FORM_KIND_LABEL, FORM_STATUSES, LEAVE_TYPE_CODES, LEAVE_TYPE_NAMES, STATUS_LABEL } from '@webitr/contracts/forms/leave';
import { listAgencyFormsQuery } from '@webitr/contracts/forms/leave-admin';
import type { ListAgencyFormsQueryInput } from '@webitr/contracts/forms/leave-admin';
import { leaveAdmin, leaveAdminKeys } from '../../api/leave-admin.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { FormList } from '../../components/form-list.tsx';
import { dateValueOf, textOfDateValue } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import type { PickedPerson } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { bodyResolver } from '../../lib/form-values.ts';

const LIMIT = 200;

interface Fields {
  applicant: PickedPerson | undefined;
  kind: string;
  leaveType: string;
  status: string;
  from: string;
  to: string;
}
type Filter = ListAgencyFormsQueryInput;

const toQuery = (f: Fields): Filter => ({
  ...(f.applicant ? { applicantId: f.applicant.id } : {}),
  ...(f.kind ? { kind: f.kind as Filter['kind'] } : {}),
  ...(f.leaveType ? { leaveType: f.leaveType as Filter['leaveType'] } : {}),
  ...(f.status ? { status: f.status as Filter['status'] } : {}),
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
});
const checked = bodyResolver<Fields>(listAgencyFormsQuery, toQuery);
const resolver: Resolver<Fields> = async (values, context, options) => {
  const result = await checked(values, context, options);
  // Valid: the form keeps its own values (the picker's name); the query is made again on submit.
  return Object.keys(result.errors).length > 0 ? (result as unknown as ReturnType<Resolver<Fields>>) : { values, errors: {} };
};

const STATUS_OPTIONS = [
  ['', '全部'],
  ['pending', '未決行'],
  ['decided', '已決定'],
  ...FORM_STATUSES.map((s) => [s, STATUS_LABEL[s]] as const),
] as const;

export default function LeaveFormsPage() {
  return <AdminFrame page="leave-forms">{(ctx) => <AgencyForms {...ctx} />}</AdminFrame>;
}

function AgencyForms({ agency }: AdminContext) {
  const [filter, setFilter] = useState<Filter>({});
  const query = { ...filter, limit: LIMIT };
  const forms = useQuery({ queryKey: leaveAdminKeys.forms(agency.id, query), queryFn: () => leaveAdmin.forms(agency.id, query) });
  const { control, handleSubmit, reset } = useForm<Fields>({
    resolver,
    defaultValues: { applicant: undefined, kind: '', leaveType: '', status: '', from: '', to: '' },
  });
  const submit = handleSubmit((values) => setFilter(toQuery(values)));
  if (isRefusal(forms.error)) return <AdminRefusal problem={forms.error} />;
  const items = forms.data?.items ?? [];
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>請假資料維護</PageTitle>
        <AgencyLine agency={agency} page="leave-forms" />
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="查詢條件">
          <div className="filters">
            <Controller
              control={control}
              name="applicant"
              render={({ field }) => (
                <PersonPicker id="forms-applicant" label="申請人" agencyId={agency.id} value={field.value} onChange={field.onChange} />
              )}
            />
            <Controller
              control={control}
              name="kind"
              render={({ field }) => (
                <Choice
                  id="forms-kind"
                  label="表單"
                  value={field.value}
                  options={[['', '全部'], ...Object.entries(FORM_KIND_LABEL)]}
                  onChange={field.onChange}
                />
              )}
            />
            <Controller
              control={control}
              name="leaveType"
              render={({ field }) => (
                <Choice
                  id="forms-leave-type"
                  label="假別"
                  value={field.value}
                  options={[['', '全部'], ...LEAVE_TYPE_CODES.map((c) => [c, LEAVE_TYPE_NAMES[c]] as const)]}
                  onChange={field.onChange}
                />
              )}
            />
            <Controller
              control={control}
              name="status"
              render={({ field }) => (
                <Choice id="forms-status" label="批示狀態" value={field.value} options={STATUS_OPTIONS} onChange={field.onChange} />
              )}
            />
            <Controller
              control={control}
              name="from"
              render={({ field, fieldState }) => (
                <RocDateTimeField
                  label="差假時間起"
                  granularity="day"
                  value={dateValueOf(field.value)}
                  onChange={(v) => field.onChange(textOfDateValue(v, false))}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="to"
              render={({ field, fieldState }) => (
                <RocDateTimeField
                  label="差假時間迄"
                  granularity="day"
                  value={dateValueOf(field.value)}
                  onChange={(v) => field.onChange(textOfDateValue(v, false))}
                  errorMessage={fieldState.error?.message}
                />
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
              }}
            >
              清除條件
            </Button>
            <a className="button secondary" href={leaveAdmin.formsExportUrl(agency.id, { ...filter, format: 'csv' })} download>
              匯出 CSV
            </a>
            <a className="button secondary" href={leaveAdmin.formsExportUrl(agency.id, { ...filter, format: 'xlsx' })} download>
              匯出 XLSX
            </a>
          </p>
        </form>
        <p>
          代同仁申請差假或加班：<Link to="/leave/apply">差假申請</Link>（選「多人」並選擇申請人；差勤管理者可代本機關同仁申請）。
        </p>
      </section>
      <section className="card" aria-labelledby="forms-title">
        <h2 id="forms-title">表單{forms.data ? `（${items.length}${items.length >= LIMIT ? '+' : ''} 筆）` : ''}</h2>
        {forms.error ? (
          <ProblemMessage problem={isProblem(forms.error) ? forms.error : networkError()} onRetry={() => void forms.refetch()} />
        ) : null}
        {items.length >= LIMIT ? <p className="muted">只列出前 {LIMIT} 筆，請縮小查詢條件或匯出。</p> : null}
        {forms.data ? (
          <FormList forms={items} label="機關表單列表" showApplicant empty="查無符合條件的表單。" />
        ) : (
          <p className="muted">載入中…</p>
        )}
      </section>
    </>
  );
}
