// 加班申請: applied for beforehand, compensated as 補休 or 加班費.
import { useMemo, useRef } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { COMPENSATION_LABEL, OVERTIME_COMPENSATIONS, overtimeCommand } from '@webitr/contracts/forms/leave';
import type { OvertimeCommandInput } from '@webitr/contracts/forms/leave';
import type { FormView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { IdempotencyKeys } from '../../api/client.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formatTaipeiTime, taipeiDate, taipeiToday } from '../../lib/dates.ts';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/fields.tsx';
import { dateTimeText, nextWorkingDay, withoutBlanks, workingDayOf } from './logic.ts';

const FIELDS = ['start', 'end', 'reason', 'compensation', 'applicantIds'] as const;
const raw = zodResolver(overtimeCommand, undefined, { raw: true });
const resolver: Resolver<OvertimeCommandInput> = (values, context, options) => raw(withoutBlanks(values), context, options);

export function OvertimeForm(props: { ruleSet: string | undefined; existing?: FormView; onDone: (forms: FormView[]) => void }) {
  const { ruleSet, existing, onDone } = props;
  const queryClient = useQueryClient();
  const keys = useRef(new IdempotencyKeys());
  const initial = useMemo<OvertimeCommandInput>(() => {
    if (existing) {
      const at = (iso: string) => dateTimeText(taipeiDate(iso), formatTaipeiTime(iso));
      return {
        start: at(existing.start),
        end: at(existing.end),
        reason: existing.reason,
        compensation: existing.overtime?.compensation ?? 'comp-time',
      };
    }
    // After the working day: from its end, two hours.
    const day = nextWorkingDay(taipeiToday());
    const end = workingDayOf(ruleSet).end;
    const [h, m] = end.split(':').map(Number) as [number, number];
    return {
      start: dateTimeText(day, end),
      end: dateTimeText(day, `${String(Math.min(h + 2, 23)).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      reason: '',
      compensation: 'comp-time',
    };
  }, [existing, ruleSet]);
  const { control, handleSubmit, reset, setError, formState } = useForm<OvertimeCommandInput>({
    resolver,
    defaultValues: initial,
    mode: 'onTouched',
  });

  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      existing
        ? api.put<FormView>(`/api/leave/forms/${encodeURIComponent(existing.id)}`, body).then((f) => [f])
        : api
            .post<{ items: FormView[] }>('/api/leave/forms/overtime', body, { idempotencyKey: keys.current.keyFor(body) })
            .then((r) => r.items),
    onSuccess: async (forms) => {
      keys.current.done();
      // Counts on 首頁, my lists and balances change; the quote of the draft just filed is left alone (asked again, it would overlap the form).
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'leave' && q.queryKey[1] !== 'quote' });
      onDone(forms);
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const onSubmit = handleSubmit((input) => submit.mutate(withoutBlanks({ ...input })));

  return (
    <form className="card leave-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="overtime-title">
      <h2 id="overtime-title">{existing ? '修改加班' : '加班'}</h2>
      <p className="muted">加班須事先申請；以補休補償者，核准後加班時數可申請加班補休。</p>
      <div className="two-columns">
        <Controller
          control={control}
          name="start"
          render={({ field, fieldState }) => (
            <RocDateTimeField
              label="加班起時"
              name="start"
              isRequired
              value={dateValueOf(field.value)}
              onChange={(v) => field.onChange(textOfDateValue(v, true))}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="end"
          render={({ field, fieldState }) => (
            <RocDateTimeField
              label="加班迄時"
              name="end"
              isRequired
              value={dateValueOf(field.value)}
              onChange={(v) => field.onChange(textOfDateValue(v, true))}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
      </div>
      <Controller
        control={control}
        name="compensation"
        render={({ field }) => (
          <RadioGroup className="field" orientation="horizontal" value={field.value ?? 'comp-time'} onChange={field.onChange}>
            <Label>補償方式</Label>
            <div className="choices">
              {OVERTIME_COMPENSATIONS.map((c) => (
                <Radio key={c} value={c} className="choice">
                  {COMPENSATION_LABEL[c]}
                </Radio>
              ))}
            </div>
          </RadioGroup>
        )}
      />
      <Controller
        control={control}
        name="reason"
        render={({ field }) => (
          <TextInput
            label="事由"
            name="reason"
            multiline
            isRequired
            value={field.value ?? ''}
            onChange={field.onChange}
            onBlur={field.onBlur}
            error={formState.errors.reason?.message}
          />
        )}
      />
      {isProblem(submit.error) && fieldErrorsFor(submit.error, FIELDS).fields.length < Math.max(1, submit.error.errors.length) ? (
        <ProblemMessage problem={submit.error} />
      ) : null}
      <div className="actions">
        <Button type="submit" isDisabled={submit.isPending}>
          {submit.isPending ? '送出中…' : existing ? '送出修改' : '送出表單'}
        </Button>
        <Button type="button" className="secondary" onPress={() => (reset(initial), submit.reset())} isDisabled={submit.isPending}>
          清空重填
        </Button>
      </div>
    </form>
  );
}
