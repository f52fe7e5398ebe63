// 差假申請: the type buttons with their balances, then the form for the type
// (差假, 加班補休, 加班, 忘刷卡); `?modify=<formId>` reopens a returned or
// pending form; `?form=forgotten-punch&date=…&direction=in|out` opens 忘刷卡
// for a day (刷卡資料's 「申請忘刷卡」). The whole page is one lazy chunk.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import '../../lib/zod-locale.ts';
import type { FormView, LeaveTypesView, LeaveTypeView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { isProblem } from '../../api/problem.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { LeaveForm } from './leave-form.tsx';
import { OvertimeForm } from './overtime-form.tsx';
import { PunchForm } from './punch-form.tsx';
import { splitTypes, typeButtonText } from './logic.ts';
import './leave-apply.css';

export const LEAVE_TYPES_KEY = ['leave', 'leave-types'] as const;

/** 差假申請 */
export default function LeaveApplyPage() {
  const [params, setParams] = useSearchParams();
  const modifyId = params.get('modify');
  const typeCode = params.get('type');
  const formKind = params.get('form');
  const [done, setDone] = useState<FormView[] | undefined>();
  // 刷卡資料's 「申請忘刷卡」: the day and the missing punch (?date=…&direction=in|out).
  const prefillDate = params.get('date');
  const prefillDirection = params.get('direction');
  const prefill = useMemo(() => ({ date: prefillDate, direction: prefillDirection }), [prefillDate, prefillDirection]);
  const types = useQuery({ queryKey: LEAVE_TYPES_KEY, queryFn: () => api.get<LeaveTypesView>('/api/leave/leave-types') });
  const existing = useQuery({
    queryKey: ['leave', 'form', modifyId],
    queryFn: () => api.get<FormView>(`/api/leave/forms/${encodeURIComponent(modifyId!)}`),
    enabled: modifyId !== null,
  });

  const choose = (next: Record<string, string>) => {
    setDone(undefined);
    setParams(next);
  };
  const list = types.data?.types ?? [];
  const ruleSet = types.data?.ruleSet;
  const chosenType = typeCode ? list.find((t) => t.code === typeCode) : undefined;
  const chosenLabel = modifyId
    ? '修改表單'
    : formKind === 'overtime'
      ? '加班'
      : formKind === 'forgotten-punch'
        ? '忘刷卡'
        : chosenType?.name;

  return (
    <>
      <section className="card">
        <PageTitle>差假申請</PageTitle>
        {isProblem(types.error) ? <ProblemMessage problem={types.error} onRetry={() => void types.refetch()} /> : null}
        {types.isPending ? <p className="muted">載入假別中…</p> : null}
        {types.data && chosenLabel && !done ? (
          <p className="chosen">
            <span>
              目前填寫：<strong>{chosenLabel}</strong>
            </span>
            <Link to="/leave/apply" className="button secondary" onClick={() => setDone(undefined)}>
              更換假別
            </Link>
          </p>
        ) : types.data ? (
          <TypeChooser types={list} onChoose={choose} />
        ) : null}
      </section>

      {done ? (
        <Done forms={done} onAnother={() => choose({})} />
      ) : modifyId ? (
        isProblem(existing.error) ? (
          <section className="card">
            <ProblemMessage problem={existing.error} onRetry={() => void existing.refetch()} />
          </section>
        ) : existing.data && types.data ? (
          <ModifyForm form={existing.data} types={list} ruleSet={ruleSet} onDone={setDone} />
        ) : null
      ) : formKind === 'overtime' ? (
        <OvertimeForm ruleSet={ruleSet} onDone={setDone} />
      ) : formKind === 'forgotten-punch' ? (
        <PunchForm ruleSet={ruleSet} prefill={prefill} onDone={setDone} />
      ) : chosenType ? (
        <LeaveForm key={chosenType.code} type={chosenType} ruleSet={ruleSet} onDone={setDone} />
      ) : typeCode && types.data ? (
        <section className="card">
          <p className="field-error">您無法申請此假別，請從上方選擇。</p>
        </section>
      ) : null}
    </>
  );
}

function ModifyForm(props: { form: FormView; types: LeaveTypeView[]; ruleSet: string | undefined; onDone: (forms: FormView[]) => void }) {
  const { form, types, ruleSet, onDone } = props;
  if (form.kind === 'overtime') return <OvertimeForm existing={form} ruleSet={ruleSet} onDone={onDone} />;
  if (form.kind === 'forgotten-punch') return <PunchForm existing={form} ruleSet={ruleSet} onDone={onDone} />;
  const type = types.find((t) => t.code === form.leaveType);
  if (!type)
    return (
      <section className="card">
        <p className="field-error">您已無法申請 {form.leaveTypeName ?? form.title}，無法修改此表單。</p>
      </section>
    );
  return <LeaveForm type={type} ruleSet={ruleSet} existing={form} onDone={onDone} />;
}

function TypeChooser({ types, onChoose }: { types: LeaveTypeView[]; onChoose: (params: Record<string, string>) => void }) {
  const { common, other, compTime } = splitTypes(types);
  const button = (t: LeaveTypeView) => (
    <li key={t.code}>
      <Link
        className="type-button"
        to={`/leave/apply?type=${encodeURIComponent(t.code)}`}
        onClick={() => onChoose({ type: t.code })}
        replace={false}
      >
        {typeButtonText(t)}
      </Link>
    </li>
  );
  return (
    <nav aria-label="申請項目">
      <h2 className="sr-only">假別</h2>
      <ul className="type-buttons">{common.map(button)}</ul>
      {other.length > 0 ? (
        <details className="other-types">
          <summary>其他假別</summary>
          <ul className="type-buttons">{other.map(button)}</ul>
        </details>
      ) : null}
      <h2 className="small-heading">加班與忘刷卡</h2>
      <ul className="type-buttons">
        <li>
          <Link className="type-button" to="/leave/apply?form=overtime">
            加班
          </Link>
        </li>
        {compTime ? button(compTime) : null}
        <li>
          <Link className="type-button" to="/leave/apply?form=forgotten-punch">
            忘刷卡
          </Link>
        </li>
      </ul>
    </nav>
  );
}

function Done({ forms, onAnother }: { forms: FormView[]; onAnother: () => void }) {
  const withDeputy = forms.some((f) => f.status === 'waiting-for-deputy');
  return (
    <section className="card done" aria-labelledby="done-title" role="status">
      <h2 id="done-title">表單已送出</h2>
      <ul>
        {forms.map((f) => (
          <li key={f.id}>
            {f.applicant.name}：{f.title} {f.period}（{f.duration}）— {f.statusLabel}
          </li>
        ))}
      </ul>
      {withDeputy ? (
        <p>
          下一步：職務代理人 <strong>{forms.find((f) => f.deputy)?.deputy?.name}</strong>{' '}
          須於「代理案件」上網同意後，表單才送主管批核。請記得告知代理人。
        </p>
      ) : (
        <p>表單已送主管批核，可於「申請案件」查看進度。</p>
      )}
      <p className="actions">
        <Link className="button" to="/leave/requests">
          申請案件
        </Link>
        <Link className="button secondary" to="/">
          首頁
        </Link>
        <Link className="button secondary" to="/leave/apply" onClick={onAnother}>
          再申請一筆
        </Link>
      </p>
    </section>
  );
}
