// 假別餘額調整 (seed 001, 7-1 請假資料維護): pick a person of the agency, see
// their balances per leave type and period, and correct one with the reason
// it is made (required); the ledger line the service wrote is shown at once,
// with the rest of that ledger's history.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { correctBalanceCommand } from '@webitr/contracts/forms/leave-admin';
import type { BalanceLedgerView } from '@webitr/contracts/views/leave';
import type { BalanceCorrectionView } from '@webitr/contracts/views/leave-admin';
import { leaveAdmin, leaveAdminKeys } from '../../api/leave-admin.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import type { PickedPerson } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { amountText, ledgerLines, ledgerName } from '../leave-records/records.ts';

interface Fields {
  ledgerId: string;
  amount: string;
  reason: string;
}
/** A ledger as the 假別 choice names it: its type, period and unit, all the correction needs. */
const choiceOf = (l: Pick<BalanceLedgerView, 'ledger' | 'period' | 'unit'>) => `${l.ledger}|${l.period}|${l.unit}`;

/** The correction's body: hours for a ledger in time, times for one counted in times. */
function bodyOf(values: Fields) {
  const [ledger, period, unit] = values.ledgerId ? values.ledgerId.split('|') : [];
  const amount = values.amount.trim() === '' ? undefined : Number(values.amount);
  return { ledger, period, ...(unit === 'times' ? { times: amount } : { hours: amount }), reason: values.reason };
}

/** The contracts' schema on the body; its errors back on the fields (hours/times → 調整數, ledger/period → 假別). */
const resolver: Resolver<Fields> = (values) => {
  const parsed = correctBalanceCommand.safeParse(bodyOf(values));
  if (parsed.success) return { values, errors: {} };
  const errors: FieldErrors<Fields> = {};
  for (const issue of parsed.error.issues) {
    const at = String(issue.path[0] ?? '');
    const name: keyof Fields = at === 'reason' ? 'reason' : at === 'hours' || at === 'times' ? 'amount' : 'ledgerId';
    errors[name] ??= { type: issue.code, message: name === 'ledgerId' ? '請選擇假別' : issue.message };
  }
  return { values: {}, errors };
};

export default function LeaveBalancesPage() {
  return <AdminFrame page="leave-balances">{(ctx) => <Balances {...ctx} />}</AdminFrame>;
}

function Balances({ agency }: AdminContext) {
  const [person, setPerson] = useState<PickedPerson>();
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>假別餘額調整</PageTitle>
        <AgencyLine agency={agency} page="leave-balances" />
        <div className="filters two">
          <PersonPicker id="balance-person" label="人員" agencyId={agency.id} value={person} onChange={setPerson} />
        </div>
      </section>
      {person ? <PersonBalances key={person.id} person={person} /> : null}
    </>
  );
}

function PersonBalances({ person }: { person: PickedPerson }) {
  const queryClient = useQueryClient();
  const balances = useQuery({ queryKey: leaveAdminKeys.balances(person.id), queryFn: () => leaveAdmin.balances(person.id) });
  const ledgers = (balances.data?.items ?? []).filter((l) => !l.grants);
  const [written, setWritten] = useState<{ ledger: BalanceLedgerView; result: BalanceCorrectionView }>();
  const { control, handleSubmit, setError, reset } = useForm<Fields>({
    resolver,
    defaultValues: { ledgerId: '', amount: '', reason: '' },
  });
  const chosenId = useWatch({ control, name: 'ledgerId' });
  const chosen = ledgers.find((l) => choiceOf(l) === chosenId);
  const correct = useMutation({
    mutationFn: (values: Fields) => leaveAdmin.correctBalance(person.id, bodyOf(values) as never),
    onSuccess: async (result, values) => {
      setWritten({ ledger: ledgers.find((l) => choiceOf(l) === values.ledgerId)!, result });
      reset({ ledgerId: values.ledgerId, amount: '', reason: '' });
      await queryClient.invalidateQueries({ queryKey: leaveAdminKeys.balances(person.id) });
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const error of problem.errors) {
        const name = error.field.endsWith('reason') ? 'reason' : /hours|times|amount/.test(error.field) ? 'amount' : 'ledgerId';
        setError(name, { type: 'server', message: error.message }, { shouldFocus: true });
      }
    },
  });
  if (isRefusal(balances.error)) return <AdminRefusal problem={balances.error} />;
  const line = written?.result.entries.at(-1);
  return (
    <>
      <section className="card" aria-labelledby="balances-title">
        <h2 id="balances-title">{person.name} 的假別餘額</h2>
        {balances.error ? (
          <ProblemMessage problem={isProblem(balances.error) ? balances.error : networkError()} onRetry={() => void balances.refetch()} />
        ) : null}
        {balances.data && ledgers.length === 0 ? <p className="muted">尚無假別額度；請先執行休假年資更新。</p> : null}
        {ledgers.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="假別餘額">
            <table id="balances" className="wide">
              <thead>
                <tr>
                  <th scope="col">假別</th>
                  <th scope="col">期間</th>
                  <th scope="col">核給</th>
                  <th scope="col">申請中</th>
                  <th scope="col">已核准</th>
                  <th scope="col">剩餘</th>
                </tr>
              </thead>
              <tbody>
                {ledgers.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">{ledgerName(l.ledger)}</th>
                    <td>{l.periodLabel}</td>
                    <td>{amountText(l.granted, l.unit)}</td>
                    <td>{amountText(l.reserved, l.unit)}</td>
                    <td>{amountText(l.consumed, l.unit)}</td>
                    <td>{l.remainingText}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {ledgers.length > 0 ? (
        <section className="card" aria-labelledby="correct-title">
          <h2 id="correct-title">調整餘額</h2>
          <form onSubmit={(e) => void handleSubmit((v) => correct.mutate(v))(e)} noValidate aria-label="調整餘額">
            <div className="filters">
              <Controller
                control={control}
                name="ledgerId"
                render={({ field, fieldState }) => (
                  <Choice
                    id="correct-ledger"
                    label="假別"
                    value={field.value}
                    options={ledgers.map((l) => [choiceOf(l), `${ledgerName(l.ledger)} ${l.periodLabel}`] as const)}
                    onChange={field.onChange}
                    errorMessage={fieldState.error?.message}
                  />
                )}
              />
              <Controller
                control={control}
                name="amount"
                render={({ field, fieldState }) => (
                  <TextInput
                    label={chosen?.unit === 'times' ? '調整次數' : '調整時數'}
                    name="amount"
                    inputMode="text"
                    isRequired
                    description={chosen?.unit === 'times' ? '增加為正、減少為負，例如 -1' : '以小時計，增加為正、減少為負，例如 4 或 -0.5'}
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    error={fieldState.error?.message}
                  />
                )}
              />
            </div>
            <Controller
              control={control}
              name="reason"
              render={({ field, fieldState }) => (
                <TextInput
                  label="調整原因"
                  name="reason"
                  isRequired
                  multiline
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
            <p className="actions">
              <Button type="submit" isDisabled={correct.isPending}>
                {correct.isPending ? '儲存中…' : '調整'}
              </Button>
            </p>
            {correct.error && isProblem(correct.error) && correct.error.errors.length === 0 ? (
              <ProblemMessage problem={correct.error} />
            ) : null}
            {correct.error && !isProblem(correct.error) ? <ProblemMessage problem={networkError()} /> : null}
          </form>
          {written && line ? (
            <div role="status" id="correction-written">
              <p>
                已寫入 {ledgerName(written.ledger.ledger)} {written.ledger.periodLabel} 的調整：
                {amountText(line.amount, written.ledger.unit)}
                ，原因：{line.note}
              </p>
              <div className="table-scroll" tabIndex={0} role="region" aria-label="異動明細">
                <table id="ledger-lines">
                  <caption>
                    {ledgerName(written.ledger.ledger)} {written.ledger.periodLabel} 異動明細
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">日期</th>
                      <th scope="col">類別</th>
                      <th scope="col">數量</th>
                      <th scope="col">說明</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ledgerLines({ ...written.ledger, entries: written.result.entries }).map((l, i) => (
                      <tr key={i}>
                        <td>{l.date}</td>
                        <td>{l.kind}</td>
                        <td>{l.amount}</td>
                        <td>{l.note}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
