// 人員資料: one person of the agency — 編輯 (基本資料), 在職狀態 (留職停薪, 復職,
// 離職 with its reason), 機關員工轉移, and what they hold (可用系統, 角色),
// with the history the directory keeps (任職紀錄).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import { separationBody, statusChangeBody, transferPersonBody, updatePersonBody } from '@webitr/contracts/forms/directory';
import type { StatusChangeInput, TransferPersonInput, UpdatePersonInput } from '@webitr/contracts/forms/directory';
import type { PersonDetail } from '@webitr/contracts/views/directory';
import { DIRECTORY_KEY, directory, directoryKeys } from '../../api/directory.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/form-fields.tsx';
import { NationalIdView } from '../../components/national-id-view.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formatRocDate } from '../../lib/dates.ts';
import { bodyResolver, withoutBlanks } from '../../lib/form-values.ts';
import { statusLabel } from '../../lib/admin-labels.ts';
import { appLabel, roleLabel } from '../../lib/labels.ts';
import { PERSON_FIELDS, fieldsOf, updateBody } from './logic.ts';
import type { PersonFields } from './logic.ts';
import { PersonFieldset } from './person-fields.tsx';

export default function PersonPage() {
  return <AdminFrame page="person">{(ctx) => <Person {...ctx} />}</AdminFrame>;
}

function Person(ctx: AdminContext) {
  const { personId = '' } = useParams();
  const { agency, may } = ctx;
  const person = useQuery({ queryKey: directoryKeys.person(personId), queryFn: () => directory.getPerson(personId) });
  if (isRefusal(person.error)) return <AdminRefusal problem={person.error} />;
  if (person.error)
    return (
      <section className="card">
        <PageTitle>人員資料</PageTitle>
        <ProblemMessage problem={isProblem(person.error) ? person.error : networkError()} onRetry={() => void person.refetch()} />
      </section>
    );
  if (!person.data)
    return (
      <section className="card">
        <PageTitle>人員資料</PageTitle>
        <p className="muted">載入中…</p>
      </section>
    );
  const p = person.data;
  // Transferred away since the list was read: the directory answers the person, in another agency's address.
  const elsewhere = p.agencyId !== agency.id;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>人員資料</PageTitle>
        <AgencyLine agency={agency} page="person" />
        <dl className="report-counts" id="person-summary">
          <dt>姓名</dt>
          <dd id="person-name-value">{p.name}</dd>
          <dt>身分證字號</dt>
          <dd>
            <NationalIdView personId={p.id} name={p.name} masked={p.nationalIdMasked} />
          </dd>
          <dt>在職狀態</dt>
          <dd id="person-status">
            <span className={`status-tag ${p.status}`}>{statusLabel(p.status)}</span>（自 {formatRocDate(p.statusSince)}）
          </dd>
          <dt>可用系統</dt>
          <dd>{p.apps.length > 0 ? p.apps.map(appLabel).join('、') : '（無）'}</dd>
          <dt>角色</dt>
          <dd>{p.roles.length > 0 ? p.roles.map((r) => roleLabel(r.role)).join('、') : '一般人員'}</dd>
        </dl>
        {elsewhere ? <p className="notice">此人員已不屬於{agency.name}。</p> : null}
        <p className="actions">
          <Link className="button secondary" to={adminUrl(agency.id, 'people')}>
            回基本資料維護
          </Link>
          {may('manage-apps') ? (
            <Link className="button secondary" to={adminUrl(agency.id, 'apps')}>
              可用系統與角色
            </Link>
          ) : null}
        </p>
      </section>
      {may('manage-people') && !elsewhere ? (
        <>
          <EditPerson person={p} agencyId={agency.id} />
          <StatusChange person={p} />
          <Transfer person={p} />
        </>
      ) : null}
      <History person={p} />
    </>
  );
}

/** After any change: the person as the directory answered, and every list that shows them read again. */
function useSettle() {
  const queryClient = useQueryClient();
  return (person: PersonDetail) => {
    queryClient.setQueryData(directoryKeys.person(person.id), person);
    // Not awaited: the page shows the answer at once; the lists catch up behind it.
    void queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY, predicate: (q) => q.queryKey[2] !== 'person' });
  };
}

function EditPerson({ person, agencyId }: { person: PersonDetail; agencyId: string }) {
  const settle = useSettle();
  const units = useQuery({ queryKey: directoryKeys.units(agencyId), queryFn: () => directory.listUnits(agencyId) });
  const resolver = bodyResolver<PersonFields>(updatePersonBody, (values) => updateBody(values, person.version));
  const { control, handleSubmit, setError, formState, reset } = useForm<PersonFields>({
    resolver,
    defaultValues: fieldsOf(person),
    mode: 'onTouched',
  });
  useEffect(() => reset(fieldsOf(person)), [person, reset]);
  const [saved, setSaved] = useState(false);
  const save = useMutation<PersonDetail, ProblemError, UpdatePersonInput>({
    mutationFn: (body) => directory.updatePerson(person.id, body as Parameters<typeof directory.updatePerson>[1]),
    onSuccess: (updated) => {
      setSaved(true);
      settle(updated);
    },
    onError: (problem) => {
      setSaved(false);
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, PERSON_FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const submit = handleSubmit((body) => save.mutate(body as unknown as UpdatePersonInput));
  const unplaced = save.error && (!isProblem(save.error) || fieldErrorsFor(save.error, PERSON_FIELDS).fields.length === 0);
  return (
    <section className="card" aria-labelledby="edit-title">
      <h2 id="edit-title">編輯基本資料</h2>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-title">
        <PersonFieldset control={control} errors={formState.errors} units={units.data?.items ?? []} nationalId="correct" />
        {unplaced ? <ProblemMessage problem={isProblem(save.error) ? save.error : networkError()} /> : null}
        {saved ? (
          <p role="status" id="person-saved" className="muted">
            已儲存。
          </p>
        ) : null}
        <p className="actions">
          <Button type="submit" isDisabled={save.isPending}>
            儲存
          </Button>
        </p>
      </form>
    </section>
  );
}

type Change = 'separate' | 'suspend' | 'reinstate';
const CHANGE_LABEL: Record<Change, string> = { separate: '離職', suspend: '留職停薪', reinstate: '復職' };
/** Which changes a status allows (as the directory's transitions). */
const CHANGES_FROM: Record<string, Change[]> = {
  active: ['suspend', 'separate'],
  'leave-without-pay': ['reinstate', 'separate'],
  separated: ['reinstate'],
};

/** 留職停薪 / 復職 / 離職: from a date (today if left empty); 離職 needs its reason. */
function StatusChange({ person }: { person: PersonDetail }) {
  const [change, setChange] = useState<Change>();
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">在職狀態</h2>
      <p>
        目前：{statusLabel(person.status)}（自 {formatRocDate(person.statusSince)}）
      </p>
      <p className="actions">
        {(CHANGES_FROM[person.status] ?? []).map((c) => (
          <Button key={c} className={change === c ? undefined : 'secondary'} onPress={() => setChange(c)}>
            {CHANGE_LABEL[c]}
          </Button>
        ))}
      </p>
      {change ? <StatusForm key={change} person={person} change={change} onDone={() => setChange(undefined)} /> : null}
    </section>
  );
}

const STATUS_FIELDS = ['date', 'until', 'reason'] as const;

function StatusForm({ person, change, onDone }: { person: PersonDetail; change: Change; onDone: () => void }) {
  const settle = useSettle();
  const schema = change === 'separate' ? separationBody : statusChangeBody;
  const resolver = bodyResolver<StatusChangeInput>(schema, (values) => ({
    ...withoutBlanks(values, change === 'separate' ? ['reason'] : []),
    version: person.version,
  }));
  const { control, handleSubmit, setError } = useForm<StatusChangeInput>({ resolver, defaultValues: { date: '', until: '', reason: '' } });
  const apply = useMutation<PersonDetail, ProblemError, StatusChangeInput>({
    mutationFn: (body) => directory.changeStatus(person.id, change, body),
    onSuccess: (updated) => {
      settle(updated);
      onDone();
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, STATUS_FIELDS).fields) setError(name, { type: 'server', message });
    },
  });
  const submit = handleSubmit((body) => apply.mutate(body));
  const label = CHANGE_LABEL[change];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={`辦理${label}`}>
      <div className="filters">
        <Controller
          control={control}
          name="date"
          render={({ field, fieldState }) => (
            <RocDateTimeField
              label="生效日"
              granularity="day"
              value={dateValueOf(field.value)}
              onChange={(v) => field.onChange(textOfDateValue(v, false))}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
        {change === 'suspend' ? (
          <Controller
            control={control}
            name="until"
            render={({ field, fieldState }) => (
              <RocDateTimeField
                label="預定結束日"
                granularity="day"
                value={dateValueOf(field.value)}
                onChange={(v) => field.onChange(textOfDateValue(v, false))}
                errorMessage={fieldState.error?.message}
              />
            )}
          />
        ) : null}
        <Controller
          control={control}
          name="reason"
          render={({ field, fieldState }) => (
            <TextInput
              label={change === 'separate' ? '離職事由' : '事由'}
              name="reason"
              isRequired={change === 'separate'}
              value={field.value ?? ''}
              onChange={field.onChange}
              error={fieldState.error?.message}
              description={change === 'separate' ? '如 退休、調職、辭職；記入帳號異動記錄' : undefined}
            />
          )}
        />
      </div>
      <p className="muted">生效日留空即為今天。{change === 'separate' ? '離職後此人員即無法登入，並卸下單位主管。' : ''}</p>
      {apply.error && (!isProblem(apply.error) || fieldErrorsFor(apply.error, STATUS_FIELDS).fields.length === 0) ? (
        <ProblemMessage problem={isProblem(apply.error) ? apply.error : networkError()} />
      ) : null}
      <p className="actions">
        <Button type="submit" isDisabled={apply.isPending}>
          確定{label}
        </Button>
        <Button className="secondary" onPress={onDone}>
          取消
        </Button>
      </p>
    </form>
  );
}

const TRANSFER_FIELDS = ['toAgencyId', 'date', 'reason'] as const;

/** 機關員工轉移: to another agency the caller also administers (the directory checks both). */
function Transfer({ person }: { person: PersonDetail }) {
  const settle = useSettle();
  const agencies = useQuery({ queryKey: directoryKeys.agencies(), queryFn: () => directory.listAgencies(), staleTime: 300_000 });
  const targets = (agencies.data?.items ?? []).filter((a) => a.id !== person.agencyId);
  const resolver = bodyResolver<TransferPersonInput>(transferPersonBody, (values) => ({
    ...withoutBlanks(values, []),
    version: person.version,
  }));
  const { control, handleSubmit, setError } = useForm<TransferPersonInput>({
    resolver,
    defaultValues: { toAgencyId: '', date: '', reason: '' },
  });
  const transfer = useMutation<PersonDetail, ProblemError, TransferPersonInput>({
    mutationFn: (body) => directory.transferPerson(person.id, body),
    onSuccess: settle,
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, TRANSFER_FIELDS).fields) setError(name, { type: 'server', message });
    },
  });
  const submit = handleSubmit((body) => transfer.mutate(body));
  return (
    <section className="card" aria-labelledby="transfer-title">
      <h2 id="transfer-title">機關員工轉移</h2>
      {agencies.data && targets.length === 0 ? (
        <p className="muted">轉入機關須為您也管理的機關；轉往其他機關，請洽轉入機關的機關管理員或系統管理者。</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="transfer-title">
          <div className="filters">
            <Controller
              control={control}
              name="toAgencyId"
              render={({ field, fieldState }) => (
                <Choice
                  id="transfer-agency"
                  label="轉入機關"
                  value={field.value}
                  options={targets.map((a) => [a.id, a.name] as const)}
                  onChange={field.onChange}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="date"
              render={({ field, fieldState }) => (
                <RocDateTimeField
                  label="生效日"
                  granularity="day"
                  value={dateValueOf(field.value)}
                  onChange={(v) => field.onChange(textOfDateValue(v, false))}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="reason"
              render={({ field, fieldState }) => (
                <TextInput
                  label="事由"
                  name="reason"
                  value={field.value ?? ''}
                  onChange={field.onChange}
                  error={fieldState.error?.message}
                />
              )}
            />
          </div>
          <p className="muted">轉移後，原機關的角色、卡號與單位主管職務結束，可用系統改為轉入機關的預設系統。</p>
          {transfer.error && (!isProblem(transfer.error) || fieldErrorsFor(transfer.error, TRANSFER_FIELDS).fields.length === 0) ? (
            <ProblemMessage problem={isProblem(transfer.error) ? transfer.error : networkError()} />
          ) : null}
          <p className="actions">
            <Button type="submit" isDisabled={transfer.isPending}>
              轉移
            </Button>
          </p>
        </form>
      )}
    </section>
  );
}

/** 任職紀錄: the employment periods and the agencies and units, as the directory keeps them. */
function History({ person }: { person: PersonDetail }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">任職紀錄</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="在職狀態紀錄">
        <table>
          <caption className="muted">在職狀態</caption>
          <thead>
            <tr>
              <th scope="col">狀態</th>
              <th scope="col">起日</th>
              <th scope="col">迄日</th>
              <th scope="col">事由</th>
            </tr>
          </thead>
          <tbody>
            {person.employment.map((e, i) => (
              <tr key={`${e.from}-${i}`}>
                <th scope="row">{statusLabel(e.status)}</th>
                <td>{formatRocDate(e.from)}</td>
                <td>{e.until ? formatRocDate(e.until) : ''}</td>
                <td>{e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
