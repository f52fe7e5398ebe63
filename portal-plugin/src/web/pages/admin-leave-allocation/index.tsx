// 休假年資更新 (seed 001, 5-5 差勤資料更新「每年休假年資更新」): the year's
// allocation, previewed first — per person the seniority it counts from, what
// each ledger is granted, and what is left of last year's 休假 — and applied
// only after 「是否確定核給？」. The leave service runs the same use case for
// both (dryRun) and writes nothing a second time.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { runAllocationCommand } from '@webitr/contracts/forms/leave-admin';
import type { AllocationLineView, AllocationRunView } from '@webitr/contracts/views/leave-admin';
import { leaveAdmin, leaveAdminKeys } from '../../api/leave-admin.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDate, taipeiToday } from '../../lib/dates.ts';
import { bodyResolver } from '../../lib/form-values.ts';
import { ROC_OFFSET } from '../leave-records/records.ts';

interface Fields {
  year: string;
}
const toBody = (f: Fields) => ({ year: Number(f.year.trim()) + ROC_OFFSET, dryRun: true });
const resolver = bodyResolver<Fields>(runAllocationCommand, toBody);

const CHANGE_LABEL: Record<AllocationLineView['change'], string> = { new: '新增', recomputed: '重新計算', unchanged: '不變' };

export default function LeaveAllocationPage() {
  return <AdminFrame page="leave-allocation">{(ctx) => <Allocation {...ctx} />}</AdminFrame>;
}

function Allocation({ agency }: AdminContext) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState<AllocationRunView>();
  const { control, handleSubmit, setError } = useForm<Fields>({
    resolver,
    defaultValues: { year: String(taipeiToday().year - ROC_OFFSET + 1) },
  });
  const onError = (problem: unknown) => {
    if (!isProblem(problem)) return;
    for (const { name, message } of fieldErrorsFor(problem, ['year'] as const).fields) setError(name, { type: 'server', message });
  };
  const preview = useMutation({
    mutationFn: (year: number) => leaveAdmin.runAllocation(agency.id, { year, dryRun: true }),
    onSuccess: setShown,
    onError,
  });
  const apply = useMutation({
    mutationFn: (year: number) => leaveAdmin.runAllocation(agency.id, { year, dryRun: false }),
    onSuccess: async (run) => {
      setShown(run);
      await queryClient.invalidateQueries({ queryKey: leaveAdminKeys.all });
    },
    onError,
  });
  // The resolver hands the handler the body it checked (bodyResolver), not the fields.
  const submit = handleSubmit((body) => {
    apply.reset();
    preview.mutate((body as unknown as ReturnType<typeof toBody>).year);
  });
  const problem = preview.error ?? apply.error;
  if (isRefusal(problem)) return <AdminRefusal problem={problem} />;
  const rocYear = shown ? shown.year - ROC_OFFSET : undefined;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>休假年資更新</PageTitle>
        <AgencyLine agency={agency} page="leave-allocation" />
        <p className="muted">
          依人事資料的到職日期計算年資，核給年度休假及各假別額度（學年度假別核給該年8月起的學年度）。先試算，確認後再核給；同一年度再次核給不會重複寫入。
        </p>
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="核給年度">
          <div className="filters two">
            <Controller
              control={control}
              name="year"
              render={({ field, fieldState }) => (
                <TextInput
                  label="年度（民國）"
                  name="year"
                  inputMode="numeric"
                  isRequired
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          </div>
          <p className="actions">
            <Button type="submit" isDisabled={preview.isPending || apply.isPending}>
              {preview.isPending ? '試算中…' : '試算'}
            </Button>
          </p>
        </form>
        {problem ? <ProblemMessage problem={isProblem(problem) ? problem : networkError()} /> : null}
      </section>
      {shown ? (
        <section className="card" aria-labelledby="allocation-title">
          <h2 id="allocation-title">
            {rocYear}年度{shown.dryRun ? '試算結果（尚未核給）' : '核給結果'}
          </h2>
          <p role="status" id="allocation-summary">
            {shown.dryRun
              ? `共 ${shown.people} 人、${shown.balances} 筆假別額度：將新增 ${shown.created} 筆、重新計算 ${shown.recomputed} 筆。`
              : `已核給：${shown.people} 人，新增 ${shown.created} 筆、重新計算 ${shown.recomputed} 筆${shown.created + shown.recomputed === 0 ? '（均已核給，未重複寫入）' : ''}。`}
          </p>
          {shown.dryRun ? (
            <p className="actions">
              <Button onPress={() => setConfirming(true)} isDisabled={apply.isPending}>
                {apply.isPending ? '核給中…' : `核給${rocYear}年度`}
              </Button>
            </p>
          ) : null}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="各人核給">
            <table id="allocation" className="wide">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">單位</th>
                  <th scope="col">到職日期</th>
                  <th scope="col">休假（年資）</th>
                  <th scope="col">上期休假未休</th>
                  <th scope="col">其他假別</th>
                </tr>
              </thead>
              <tbody>
                {shown.items.map((p) => {
                  const annual = p.lines.find((l) => l.ledger === 'annual');
                  const others = p.lines.filter((l) => l.ledger !== 'annual');
                  return (
                    <tr key={p.personId}>
                      <th scope="row">{p.name}</th>
                      <td>{p.unitName ?? ''}</td>
                      <td>{p.serviceStartDate ? formatRocDate(p.serviceStartDate) : '未登錄'}</td>
                      <td>
                        {annual ? (
                          <>
                            <strong>{annual.amountText}</strong>（{CHANGE_LABEL[annual.change]}）
                            <br />
                            <span className="muted small">{annual.note}</span>
                          </>
                        ) : (
                          <span className="muted">無休假</span>
                        )}
                      </td>
                      <td>{p.annualLeft ? `${p.annualLeft.periodLabel} ${p.annualLeft.remainingText}（不保留）` : ''}</td>
                      <td>
                        <ul className="change-values">
                          {others.map((l) => (
                            <li key={`${l.ledger}|${l.period}`}>
                              {l.periodLabel}
                              {l.name} {l.amountText}（{CHANGE_LABEL[l.change]}）
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={`是否確定核給${rocYear}年度？`}
        confirmLabel="核給"
        onConfirm={() => shown && apply.mutate(shown.year)}
      >
        <p>將依試算結果寫入 {shown?.people} 人的假別額度；已核給者不會重複寫入。</p>
      </ConfirmDialog>
    </>
  );
}
