// 忘刷卡申請: the day, 上班卡 or 下班卡, the time the card should show, and why.
import { useMemo, useRef } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Time } from '@internationalized/date';
import { Button, DateInput, DateSegment, FieldError, I18nProvider, Label, Radio, RadioGroup, TimeField } from 'react-aria-components';
import { DIRECTION_LABEL, PUNCH_DIRECTIONS, forgottenPunchCommand } from '@webitr/contracts/forms/leave';
import type { ForgottenPunchCommandInput } from '@webitr/contracts/forms/leave';
import type { FormView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { IdempotencyKeys } from '../../api/client.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { taipeiToday } from '../../lib/dates.ts';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/fields.tsx';
import { withoutBlanks, workingDayOf } from './logic.ts';

const FIELDS = ['date', 'direction', 'time', 'reason'] as const;
const raw = zodResolver(forgottenPunchCommand, undefined, { raw: true });
const resolver: Resolver<ForgottenPunchCommandInput> = (values, context, options) => raw(withoutBlanks(values), context, options);

const timeOf = (text: string | undefined): Time | null => {
  const m = /^(\d{2}):(\d{2})$/.exec(text ?? '');
  return m ? new Time(Number(m[1]), Number(m[2])) : null;
};
const textOfTime = (t: Time | null): string => (t ? `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}` : '');

export function PunchForm(props: { ruleSet: string | undefined; existing?: FormView; onDone: (forms: FormView[]) => void }) {
  const { ruleSet, existing, onDone } = props;
  const queryClient = useQueryClient();
  const keys = useRef(new IdempotencyKeys());
  const initial = useMemo<ForgottenPunchCommandInput>(
    () =>
      existing?.punch
        ? { date: existing.punch.date, direction: existing.punch.direction, time: existing.punch.time, reason: existing.reason }
        : { date: taipeiToday().toString(), direction: 'in', time: workingDayOf(ruleSet).start, reason: '' },
    [existing, ruleSet],
  );
  const { control, handleSubmit, reset, setError, formState } = useForm<ForgottenPunchCommandInput>({
    resolver,
    defaultValues: initial,
    mode: 'onTouched',
  });

  const submit = useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      existing
        ? [await api.put<FormView>(`/api/leave/forms/${encodeURIComponent(existing.id)}`, body)]
        : [await api.post<FormView>('/api/leave/forms/forgotten-punch', body, { idempotencyKey: keys.current.keyFor(body) })],
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
    <form className="card leave-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="punch-title">
      <h2 id="punch-title">{existing ? '修改忘刷卡' : '忘刷卡'}</h2>
      <Controller
        control={control}
        name="date"
        render={({ field, fieldState }) => (
          <RocDateTimeField
            label="忘刷卡日期"
            name="date"
            granularity="day"
            isRequired
            value={dateValueOf(field.value)}
            onChange={(v) => field.onChange(textOfDateValue(v, false))}
            errorMessage={fieldState.error?.message}
          />
        )}
      />
      <Controller
        control={control}
        name="direction"
        render={({ field }) => (
          <RadioGroup className="field" orientation="horizontal" value={field.value} onChange={field.onChange}>
            <Label>刷卡別</Label>
            <div className="choices">
              {PUNCH_DIRECTIONS.map((d) => (
                <Radio key={d} value={d} className="choice">
                  {DIRECTION_LABEL[d]}
                </Radio>
              ))}
            </div>
          </RadioGroup>
        )}
      />
      <Controller
        control={control}
        name="time"
        render={({ field, fieldState }) => (
          <I18nProvider locale="zh-TW">
            <TimeField
              className="field"
              hourCycle={24}
              value={timeOf(field.value)}
              onChange={(t) => field.onChange(textOfTime(t))}
              isInvalid={Boolean(fieldState.error)}
              isRequired
              validationBehavior="aria"
            >
              <Label>刷卡時間</Label>
              <DateInput className="date-group date-input">
                {(segment) => <DateSegment segment={segment} className="date-segment" />}
              </DateInput>
              <FieldError className="field-error">{fieldState.error?.message}</FieldError>
            </TimeField>
          </I18nProvider>
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
