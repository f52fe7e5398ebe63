import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Label, TextArea, TextField } from 'react-aria-components';
import { Link } from 'react-router';
import type { CaseView, DecisionResultView, InboxView } from '@webitr/contracts/views/approval';
import { api } from '../../api/index.ts';
import { useMe } from '../../api/hooks.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { FieldError } from '../../components/field-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';
import { CASE_STATUS_LABEL, SUBJECT_LABEL, decisionForm, decisionOpen, offeredActions } from './logic.ts';
import type { DecisionFormValues, OfferedAction } from './logic.ts';
import { APPROVALS_KEY, durationText, formTitle, nameOf, periodText } from './shared.tsx';

/** One case: the form, the applicant's balance, the route with who decided, and — when it is my step — the decision. */
export function CasePage({ caseId }: { caseId: string }) {
  const me = useMe();
  const view = useQuery({
    queryKey: [...APPROVALS_KEY, 'case', caseId],
    queryFn: () => api.get<CaseView>(`/api/approvals/cases/${encodeURIComponent(caseId)}`),
  });
  // A case I stand in for (代理批核) is in my inbox though its step names someone else.
  const inbox = useQuery({
    queryKey: [...APPROVALS_KEY, 'inbox', {}],
    queryFn: () => api.get<InboxView>('/api/approvals/inbox', { limit: 200 }),
  });
  const inInbox = inbox.data?.items.find((i) => i.caseId === caseId);
  // What I just decided: said on the page after the case (refetched) no longer offers a decision.
  const [decided, setDecided] = useState<string>();
  if (view.isPending)
    return (
      <section className="card">
        <PageTitle>批核案件</PageTitle>
        <p className="muted">載入中…</p>
      </section>
    );
  if (view.error)
    return (
      <section className="card">
        <PageTitle>批核案件</PageTitle>
        <ProblemMessage problem={isProblem(view.error) ? view.error : networkError()} onRetry={() => void view.refetch()} />
        <p>
          <Link to="/approvals">回批核案件</Link>
        </p>
      </section>
    );
  const c = view.data;
  const { form } = c;
  const step = c.route.find((s) => s.current);
  const open = decisionOpen(c, me.id, Boolean(inInbox));
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <p className="back">
          <Link to="/approvals">‹ 回批核案件</Link>
        </p>
        <PageTitle>{`${form.applicant.name ?? c.applicantId} ${formTitle(form)}${c.subject === 'cancellation' ? '（撤銷）' : ''}`}</PageTitle>
        <dl className="facts">
          <dt>案件狀態</dt>
          <dd id="case-status">{CASE_STATUS_LABEL[c.status]}</dd>
          <dt>申請人</dt>
          <dd>
            {form.applicant.name ?? c.applicantId}
            {form.applicant.unitName ? `（${form.applicant.unitName}）` : ''}
          </dd>
          <dt>類別</dt>
          <dd>
            {formTitle(form)}（{SUBJECT_LABEL[c.subject]}）
          </dd>
          <dt>期間</dt>
          <dd>{periodText(form)}</dd>
          <dt>共計</dt>
          <dd>{durationText(form)}</dd>
          {form.reason ? (
            <>
              <dt>事由</dt>
              <dd>{form.reason}</dd>
            </>
          ) : null}
          {form.location ? (
            <>
              <dt>地點</dt>
              <dd>{form.location}</dd>
            </>
          ) : null}
          <dt>職務代理人</dt>
          <dd>{form.deputy ? `${form.deputy.name ?? form.deputy.personId}（已同意）` : '無'}</dd>
          {form.balance ? (
            <>
              <dt>{formTitle(form)} 剩餘</dt>
              <dd id="case-balance">
                {form.balance.remainingText}
                <span className="muted">（含本案，{formatRocDateTime(form.balance.asOf)} 時）</span>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      {decided ? (
        <section className="card" aria-label="批核結果">
          <p role="status" className="decided">
            已{decided}。
          </p>
        </section>
      ) : open && step ? (
        <DecisionCard
          view={c}
          step={step}
          onBehalfOf={inInbox?.onBehalfOf ? nameOf(inbox.data?.names, inInbox.onBehalfOf) : undefined}
          onDecided={setDecided}
        />
      ) : null}

      <section className="card" aria-labelledby="route-title">
        <h2 id="route-title">批核流程</h2>
        <ol className="route">
          {c.route.map((s, i) => (
            <li key={i} className={s.current ? 'current' : ''} aria-current={s.current ? 'step' : undefined}>
              <strong>{s.label}</strong>
              {s.final ? '（決行）' : s.countersign ? '（會辦）' : ''}：{s.approverIds.map((id) => nameOf(c.names, id)).join('、')}
              {s.current ? <span className="badge">待批核</span> : null}
            </li>
          ))}
        </ol>
        <h2 id="history-title">批核紀錄</h2>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="history-title">
          <table aria-labelledby="history-title">
            <thead>
              <tr>
                <th scope="col">時間</th>
                <th scope="col">關卡</th>
                <th scope="col">人員</th>
                <th scope="col">結果</th>
                <th scope="col">意見</th>
              </tr>
            </thead>
            <tbody>
              {c.history.map((h, i) => (
                <tr key={i}>
                  <th scope="row">{formatRocDateTime(h.at)}</th>
                  <td>{h.stepLabel}</td>
                  <td>
                    {nameOf(c.names, h.actorId)}
                    {h.onBehalfOf ? `（代理 ${nameOf(c.names, h.onBehalfOf)}）` : ''}
                  </td>
                  <td>{h.result}</td>
                  <td>{h.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** 核准 (決行/會畢), 退回, 不准 with 批核意見 — required for 退回 and 不准, checked before it is sent, in the service's words. */
function DecisionCard(props: {
  view: CaseView;
  step: CaseView['route'][number];
  onBehalfOf: string | undefined;
  onDecided: (result: string) => void;
}) {
  const { view, step, onBehalfOf, onDecided } = props;
  const queryClient = useQueryClient();
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    formState: { errors },
  } = useForm<DecisionFormValues>({
    resolver: zodResolver(decisionForm),
    defaultValues: { action: 'approve', comment: '', version: view.version },
  });
  const textRef = useRef<HTMLTextAreaElement | null>(null);
  const decide = useMutation<DecisionResultView, ProblemError, DecisionFormValues>({
    mutationFn: (body) =>
      api.post<DecisionResultView>(`/api/approvals/cases/${encodeURIComponent(view.caseId)}/decisions`, {
        action: body.action,
        version: view.version,
        ...(body.comment?.trim() ? { comment: body.comment.trim() } : {}),
      }),
    onSuccess: (result) => onDecided(result.result),
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const f of fieldErrorsFor(problem, ['comment'] as const).fields) setError(f.name, { message: f.message });
    },
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: APPROVALS_KEY }), queryClient.invalidateQueries({ queryKey: ['leave'] })]),
  });
  const { ref: commentRef, ...comment } = register('comment');
  const press = (action: OfferedAction) => {
    setValue('action', action);
    void handleSubmit(
      (values) => decide.mutate(values),
      () => textRef.current?.focus(),
    )();
  };
  const problem = decide.error && isProblem(decide.error) ? decide.error : decide.error ? networkError() : undefined;
  return (
    <section className="card" aria-labelledby="decision-title">
      <h2 id="decision-title">
        批核：{step.label}
        {step.final ? '（決行）' : step.countersign ? '（會辦）' : ''}
      </h2>
      {onBehalfOf ? <p className="on-behalf">您代理 {onBehalfOf} 批核此案。</p> : null}
      {
        <form onSubmit={(e) => e.preventDefault()} noValidate>
          <TextField className="field" isInvalid={Boolean(errors.comment)}>
            <Label>批核意見</Label>
            <TextArea
              {...comment}
              ref={(el) => {
                commentRef(el);
                textRef.current = el;
              }}
              className="input"
              rows={3}
              aria-describedby={errors.comment ? 'comment-error' : undefined}
              aria-invalid={errors.comment ? true : undefined}
            />
          </TextField>
          <FieldError id="comment-error" message={errors.comment?.message} />
          <p className="muted">退回或不准時須填寫理由。</p>
          {problem && problem.errors.length === 0 ? <ProblemMessage problem={problem} /> : null}
          <div className="actions decision-actions">
            {offeredActions(step).map(({ action, label }) => (
              <Button
                key={action}
                className={action === 'approve' ? undefined : 'secondary'}
                isDisabled={decide.isPending}
                onPress={() => press(action)}
              >
                {label}
              </Button>
            ))}
          </div>
        </form>
      }
    </section>
  );
}
