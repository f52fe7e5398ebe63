import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { FormView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { FieldError } from '../../components/field-error.tsx';
import { FormList } from '../../components/form-list.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formsQuery, invalidateAfterFormChange } from '../../lib/form-queries.ts';
import { periodLabel } from '../../lib/forms.ts';
import { declineForm } from './decline.ts';
import type { DeclineForm } from './decline.ts';

/** 代理案件: forms where I am asked to stand in (同意 / 不同意), and those I stood in for. */
export default function DeputyCasesPage() {
  const waiting = useQuery(formsQuery({ box: 'deputy', status: 'pending' }));
  const all = useQuery(formsQuery({ box: 'deputy', status: 'all' }));
  const waitingIds = new Set(waiting.data?.items.map((f) => f.id));
  const answered = all.data?.items.filter((f) => !waitingIds.has(f.id));
  const problem = [waiting.error, all.error].find(isProblem);
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>代理案件</PageTitle>
        {problem ? (
          <ProblemMessage
            problem={problem}
            onRetry={() => {
              void waiting.refetch();
              void all.refetch();
            }}
          />
        ) : null}
        <h2 id="waiting-title">待我同意</h2>
        {waiting.isPending ? <p className="muted">載入中…</p> : null}
        {waiting.data ? (
          <FormList
            forms={waiting.data.items}
            label="待我同意的代理案件"
            showApplicant
            empty="目前沒有待您同意的代理案件"
            actions={(form) => <Answer form={form} />}
          />
        ) : null}
      </section>
      <section className="card" aria-labelledby="answered-title">
        <h2 id="answered-title">代理紀錄</h2>
        {all.isPending ? <p className="muted">載入中…</p> : null}
        {answered ? <FormList forms={answered} label="我代理過的案件" showApplicant empty="沒有代理紀錄" /> : null}
      </section>
    </>
  );
}

/** 同意 / 不同意 of one form; both disabled while either is on its way. */
function Answer({ form }: { form: FormView }) {
  const client = useQueryClient();
  const [declining, setDeclining] = useState(false);
  const consent = useMutation({
    mutationFn: () => api.post<FormView>(`/api/leave/forms/${encodeURIComponent(form.id)}/deputy/consent`),
    onSuccess: (next) => invalidateAfterFormChange(client, next),
  });
  const who = `${form.applicant.name} ${form.title}`;
  return (
    <>
      <Button onPress={() => consent.mutate()} isDisabled={consent.isPending} aria-label={`同意代理 ${who}`}>
        {consent.isPending ? '送出中…' : '同意'}
      </Button>
      <Button className="secondary" onPress={() => setDeclining(true)} isDisabled={consent.isPending} aria-label={`不同意代理 ${who}`}>
        不同意
      </Button>
      {isProblem(consent.error) ? <ProblemMessage problem={consent.error} /> : null}
      <ModalOverlay className="modal-overlay" isOpen={declining} onOpenChange={setDeclining} isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">{({ close }) => <DeclineDialog form={form} onDone={close} />}</Dialog>
        </Modal>
      </ModalOverlay>
    </>
  );
}

function DeclineDialog({ form, onDone }: { form: FormView; onDone: () => void }) {
  const client = useQueryClient();
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<DeclineForm>({ resolver: zodResolver(declineForm), defaultValues: { reason: '' } });
  const decline = useMutation({
    mutationFn: (body: DeclineForm) => api.post<FormView>(`/api/leave/forms/${encodeURIComponent(form.id)}/deputy/decline`, body),
    onSuccess: async (next) => {
      onDone();
      await invalidateAfterFormChange(client, next);
    },
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
          decline.mutate(body);
        })(event)
      }
    >
      <Heading slot="title">不同意代理</Heading>
      <p>
        {form.applicant.name}：{form.title} {periodLabel(form.start, form.end)}
      </p>
      <div className="field">
        <label htmlFor={`decline-reason-${form.id}`}>不同意事由</label>
        <textarea
          id={`decline-reason-${form.id}`}
          className="text-area"
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? `decline-reason-error-${form.id}` : undefined}
          {...register('reason')}
        />
        <FieldError id={`decline-reason-error-${form.id}`} message={errors.reason?.message} />
      </div>
      {problem ? <ProblemMessage problem={problem} /> : null}
      <div className="actions">
        <Button type="submit" isDisabled={decline.isPending}>
          {decline.isPending ? '送出中…' : '送出不同意'}
        </Button>
        <Button className="secondary" onPress={onDone}>
          取消
        </Button>
      </div>
    </form>
  );
}
