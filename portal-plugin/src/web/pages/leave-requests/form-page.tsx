import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { cancelFormCommand } from '@webitr/contracts/forms/leave';
import type { CancelFormCommand } from '@webitr/contracts/forms/leave';
import type { FormView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { useMe } from '../../api/hooks.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { FieldError } from '../../components/field-error.tsx';
import { StatusBadge } from '../../components/form-list.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';
import { caseQuery, formQuery, invalidateAfterFormChange } from '../../lib/form-queries.ts';
import { actorName, formActions, hasApprovalCase, historyLabel, periodLabel, progressText, requestCaseId } from '../../lib/forms.ts';

/** One form (/leave/requests/:formId): what was asked, its route and history, and what its applicant may do with it now. */
export function FormPage({ formId }: { formId: string }) {
  const form = useQuery(formQuery(formId));
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>申請案件</PageTitle>
        <p>
          <Link to="/leave/requests">← 回申請案件列表</Link>
        </p>
        {isProblem(form.error) ? <ProblemMessage problem={form.error} onRetry={() => void form.refetch()} /> : null}
        {form.isPending ? <p className="muted">載入中…</p> : null}
        {form.data ? <FormDetails form={form.data} /> : null}
      </section>
      {form.data ? <Route form={form.data} /> : null}
      {form.data ? <History form={form.data} /> : null}
      {form.data ? <Actions form={form.data} /> : null}
    </>
  );
}

function FormDetails({ form }: { form: FormView }) {
  return (
    <>
      <h2>
        {form.title} <StatusBadge form={form} />
      </h2>
      <dl className="form-facts">
        <dt>申請人</dt>
        <dd>
          {form.applicant.name}
          {form.applicant.unitName ? ` (${form.applicant.unitName})` : ''}
        </dd>
        <dt>表單</dt>
        <dd>{form.kindLabel}</dd>
        <dt>差假時間</dt>
        <dd>{periodLabel(form.start, form.end)}</dd>
        <dt>時數</dt>
        <dd>{form.duration}</dd>
        <dt>目前進度</dt>
        <dd>{progressText(form)}</dd>
        {form.deputy ? (
          <>
            <dt>職務代理人</dt>
            <dd>
              {form.deputy.name}（{DEPUTY_STATUS[form.deputy.status]}）
            </dd>
          </>
        ) : null}
        {form.location ? (
          <>
            <dt>地點</dt>
            <dd>{form.location}</dd>
          </>
        ) : null}
        <dt>事由</dt>
        <dd>{form.reason}</dd>
        {form.remarks.length ? (
          <>
            <dt>註記</dt>
            <dd>{form.remarks.join('、')}</dd>
          </>
        ) : null}
        {form.attachments.length ? (
          <>
            <dt>附件</dt>
            <dd>{form.attachments.map((a) => a.filename).join('、')}</dd>
          </>
        ) : null}
        {form.cancel ? (
          <>
            <dt>撤銷事由</dt>
            <dd>{form.cancel.reason}</dd>
          </>
        ) : null}
        {form.decision?.reason || form.decision?.comment ? (
          <>
            <dt>批示意見</dt>
            <dd>{form.decision.reason ?? form.decision.comment}</dd>
          </>
        ) : null}
        <dt>申請時間</dt>
        <dd>{formatRocDateTime(form.submittedAt)}</dd>
      </dl>
    </>
  );
}

const DEPUTY_STATUS = { pending: '待同意', consented: '同意', declined: '不同意' } as const;

/** 批核流程: the approval case's steps, the current one marked (目前進度), where the form has reached approval. */
function Route({ form }: { form: FormView }) {
  const enabled = hasApprovalCase(form);
  const approval = useQuery({
    ...caseQuery(requestCaseId(form)),
    enabled,
    retry: false,
    // The approval service opens the case from the leave service's event, a moment after the deputy consents: ask again until it is there.
    refetchInterval: (query) => (isProblem(query.state.error) && query.state.error.status === 404 ? 2000 : false),
  });
  const opening = isProblem(approval.error) && approval.error.status === 404;
  return (
    <section className="card" aria-labelledby="route-title">
      <h2 id="route-title">批核流程</h2>
      {!enabled ? (
        <p className="muted">
          {form.status === 'waiting-for-deputy' ? '待職務代理人同意後送出批核' : `${progressText(form)}，尚未進入批核。`}
        </p>
      ) : null}
      {enabled && approval.isPending ? <p className="muted">載入中…</p> : null}
      {opening ? (
        <p className="muted" role="status">
          批核流程建立中…
        </p>
      ) : null}
      {isProblem(approval.error) && !opening ? <ProblemMessage problem={approval.error} onRetry={() => void approval.refetch()} /> : null}
      {approval.data ? (
        <ol className="route-steps">
          {approval.data.route.map((step, i) => (
            <li key={i} className={step.current ? 'current' : undefined} aria-current={step.current ? 'step' : undefined}>
              {step.label}
              {step.countersign ? '（會辦）' : ''}
              {step.final ? '（決行）' : ''}
              {step.current ? ' — 目前進度' : ''}
            </li>
          ))}
        </ol>
      ) : null}
      {approval.data?.history.some((h) => h.action !== 'opened') ? (
        <ul>
          {approval.data.history
            .filter((h) => h.action !== 'opened')
            .map((h, i) => (
              <li key={i}>
                {formatRocDateTime(h.at)} {h.stepLabel} {h.result}
                {h.comment ? `：${h.comment}` : ''}
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}

function History({ form }: { form: FormView }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">處理紀錄</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">時間</th>
              <th scope="col">處理</th>
              <th scope="col">處理人</th>
              <th scope="col">說明</th>
            </tr>
          </thead>
          <tbody>
            {form.history.map((h, i) => (
              <tr key={i}>
                <td className="nowrap">{formatRocDateTime(h.at)}</td>
                <td>{historyLabel(h.action)}</td>
                <td>{actorName(form, h.actorId)}</td>
                <td>{h.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** 撤回, 修改 and 撤銷: offered to the applicant only, and only in the states the service accepts them. */
function Actions({ form }: { form: FormView }) {
  const me = useMe();
  const allowed = formActions(form);
  if (form.applicant.id !== me.id || !(allowed.withdraw || allowed.modify || allowed.cancel)) return null;
  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">處理</h2>
      {allowed.withdraw || allowed.modify ? (
        <WithdrawOrModify form={form} canWithdraw={allowed.withdraw} canModify={allowed.modify} />
      ) : null}
      {allowed.cancel ? <CancelForm form={form} /> : null}
    </section>
  );
}

function WithdrawOrModify({ form, canWithdraw, canModify }: { form: FormView; canWithdraw: boolean; canModify: boolean }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => api.post<FormView>(`/api/leave/forms/${encodeURIComponent(form.id)}/withdraw`),
    onSuccess: (next) => invalidateAfterFormChange(client, next),
  });
  return (
    <>
      <p className="actions">
        {canWithdraw ? (
          <Button onPress={() => setConfirming(true)} isDisabled={withdraw.isPending}>
            {withdraw.isPending ? '撤回中…' : '撤回'}
          </Button>
        ) : null}
        {canModify ? (
          <Link className="button secondary" to={`/leave/apply?modify=${encodeURIComponent(form.id)}`}>
            修改
          </Link>
        ) : null}
      </p>
      {isProblem(withdraw.error) ? <ProblemMessage problem={withdraw.error} /> : null}
      <ConfirmDialog isOpen={confirming} onOpenChange={setConfirming} title="是否確定撤銷？" onConfirm={() => withdraw.mutate()}>
        <p>
          撤回「{form.title} {periodLabel(form.start, form.end)}」後，保留的假別時數會退回。
        </p>
      </ConfirmDialog>
    </>
  );
}

/** 撤銷 (銷假) of an approved form not yet started: a reason, then it goes through approval again. */
function CancelForm({ form }: { form: FormView }) {
  const client = useQueryClient();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<CancelFormCommand>({ resolver: zodResolver(cancelFormCommand), defaultValues: { reason: '' } });
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const cancel = useMutation({
    mutationFn: (body: CancelFormCommand) => api.post<FormView>(`/api/leave/forms/${encodeURIComponent(form.id)}/cancel`, body),
    onSuccess: (next) => invalidateAfterFormChange(client, next),
    onError: (error) => {
      if (!isProblem(error)) return;
      const { fields, unplaced } = fieldErrorsFor(error, ['reason'] as const);
      for (const f of fields) setError(f.name, { message: f.message });
      setProblem(fields.length && !unplaced.length ? undefined : error);
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) =>
        void handleSubmit((body) => {
          setProblem(undefined);
          cancel.mutate(body);
        })(event)
      }
    >
      <h3>申請撤銷 (銷假)</h3>
      <div className="field">
        <label htmlFor="cancel-reason">撤銷事由</label>
        <textarea
          id="cancel-reason"
          className="text-area"
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? 'cancel-reason-error' : undefined}
          {...register('reason')}
        />
        <FieldError id="cancel-reason-error" message={errors.reason?.message} />
      </div>
      {problem ? <ProblemMessage problem={problem} /> : null}
      <p className="actions">
        <Button type="submit" isDisabled={cancel.isPending}>
          {cancel.isPending ? '送出中…' : '送出撤銷申請'}
        </Button>
      </p>
    </form>
  );
}
