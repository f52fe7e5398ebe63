// The leave form (差假, and 加班補休, a leave type drawing on comp time):
// dates prefilled with the next working day, the counted time and the
// approval route from the service's quote as one types, the deputies who can
// act then, and the contracts' own schema before anything is sent.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  NumberField,
  Group,
  Input,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Text,
} from 'react-aria-components';
import { Link } from 'react-router';
import { BEREAVEMENT_RELATIONSHIPS, RELATIONSHIP_NAMES, REMARKS, leaveCommand } from '@webitr/contracts/forms/leave';
import type { LeaveCommandInput } from '@webitr/contracts/forms/leave';
import type { DeputyListView, FormView, LeaveQuoteView, LeaveTypeView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { IdempotencyKeys } from '../../api/client.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { useMe } from '../../api/hooks.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formatRocDate, taipeiDate, taipeiToday, formatTaipeiTime } from '../../lib/dates.ts';
import { Attachments, keptItems } from './attachments.tsx';
import type { AttachmentItem } from './attachments.tsx';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/form-fields.tsx';
import { ApplicantPicker } from './applicant-picker.tsx';
import { ReasonField } from '../../components/reason-field.tsx';
import { leaveAdmin, leaveAdminKeys } from '../../api/leave-admin.ts';
import {
  LEAVE_FIELDS,
  countedText,
  dateTimeText,
  deputyChoices,
  nextWorkingDay,
  preferredDeputy,
  quoteDraft,
  routeText,
  withoutBlanks,
  workingDayOf,
} from './logic.ts';
import { useDebounced } from './use-debounced.ts';

const GESTATION_TYPES = new Set(['miscarriage']);

// The contracts' schema on the raw values (blanks dropped), so the form keeps and sends what was typed.
const raw = zodResolver(leaveCommand, undefined, { raw: true });
const resolver: Resolver<LeaveCommandInput> = (values, context, options) => raw(withoutBlanks(values), context, options);

/** A form being modified, as the form keeps it: instants back to Taipei's `2026-11-26 08:00`. */
export function leaveValuesOf(form: FormView): LeaveCommandInput {
  const at = (iso: string) => dateTimeText(taipeiDate(iso), formatTaipeiTime(iso));
  return {
    leaveType: (form.leaveType ?? 'personal') as LeaveCommandInput['leaveType'],
    start: at(form.start),
    end: at(form.end),
    ...(form.deputy ? { deputyId: form.deputy.personId } : {}),
    location: form.location ?? '',
    reason: form.reason,
    remarks: form.remarks as LeaveCommandInput['remarks'],
    attachmentIds: form.attachments.map((a) => a.id),
    ...(form.eventDate ? { eventDate: form.eventDate } : {}),
    ...(form.relationship ? { relationship: form.relationship as LeaveCommandInput['relationship'] } : {}),
    ...(form.gestationWeeks !== undefined ? { gestationWeeks: form.gestationWeeks } : {}),
  };
}

export function LeaveForm(props: {
  type: LeaveTypeView;
  ruleSet: string | undefined;
  existing?: FormView;
  onDone: (forms: FormView[]) => void;
}) {
  const { type, ruleSet, existing, onDone } = props;
  const me = useMe();
  const queryClient = useQueryClient();
  const mayFileForOthers = me.roles.some((r) => r.role === 'attendance-manager' && r.agencyId === me.agency.id);
  const [mode, setMode] = useState<'single' | 'multiple'>('single');
  const [applicants, setApplicants] = useState<{ personId: string; name: string }[]>([]);
  // 差假事由: the agency's common reasons offered under 事由; without them (or while they load) 事由 is plain text.
  const commonReasons = useQuery({
    queryKey: leaveAdminKeys.reasons(me.agency.id),
    queryFn: () => leaveAdmin.reasons(me.agency.id),
    staleTime: 300_000,
  });

  const initial = useMemo<LeaveCommandInput>(() => {
    if (existing) return leaveValuesOf(existing);
    const day = nextWorkingDay(taipeiToday());
    const hours = workingDayOf(ruleSet);
    return {
      leaveType: type.code as LeaveCommandInput['leaveType'],
      start: dateTimeText(day, hours.start),
      end: dateTimeText(day, hours.end),
      location: '',
      reason: '',
      remarks: [],
      attachmentIds: [],
    };
  }, [existing, type.code, ruleSet]);

  const { control, handleSubmit, reset, setError, setValue, getValues, formState } = useForm<LeaveCommandInput>({
    resolver,
    defaultValues: initial,
    mode: 'onTouched',
  });
  const values = useWatch({ control }) as Partial<LeaveCommandInput>;
  const [items, setItems] = useState<AttachmentItem[]>(() => (existing ? keptItems(existing.attachments) : []));
  const keys = useRef(new IdempotencyKeys());

  // The uploaded attachments are the form's attachmentIds.
  const attachmentIds = items.filter((i) => (i.state === 'uploaded' || i.state === 'kept') && i.id).map((i) => i.id!);
  const uploading = items.some((i) => i.state === 'uploading');
  useEffect(() => {
    setValue('attachmentIds', attachmentIds);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the ids' text is what changes
  }, [attachmentIds.join(',')]);

  const multiple = mode === 'multiple';
  const needsDeputy = type.needsDeputy && !multiple;
  const startText = values.start ?? '';
  const endText = values.end ?? '';
  const intervalReady = dateValueOf(startText) !== null && dateValueOf(endText) !== null;

  // Who on my 代理人設定 list can act in the interval (order kept; the service says why one cannot).
  const deputies = useQuery({
    queryKey: ['leave', 'deputies', startText, endText],
    queryFn: () => api.get<DeputyListView>('/api/leave/deputies', { start: startText, end: endText }),
    enabled: needsDeputy && intervalReady,
    placeholderData: keepPreviousData,
  });
  const choices = deputyChoices(deputies.data);
  useEffect(() => {
    if (!deputies.data) return;
    const current = getValues('deputyId');
    const preferred = preferredDeputy(choices, current);
    if (preferred !== current) setValue('deputyId', preferred);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the list answers anew
  }, [deputies.data]);
  const noDeputies = needsDeputy && deputies.data !== undefined && choices.length === 0;

  // The quote: counted time, balances after, the deputy's availability and the route, asked when typing pauses.
  const quoteFor = multiple ? applicants[0]?.personId : undefined;
  const draft =
    noDeputies || (multiple && !quoteFor)
      ? undefined
      : quoteDraft({ ...values, ...(multiple ? { deputyId: undefined } : {}) }, { applicantId: quoteFor, formId: existing?.id });
  const draftText = useDebounced(draft ? JSON.stringify(draft) : '', 400);
  const quote = useQuery({
    queryKey: ['leave', 'quote', draftText],
    queryFn: () => api.post<LeaveQuoteView>('/api/leave/forms/leave/quote', JSON.parse(draftText)),
    enabled: draftText !== '',
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });

  // Names for the route: my agency's colleagues (and me); an approver not among them is shown by the step's label.
  const colleagues = useQuery({
    queryKey: ['directory', 'colleagues', 'names'],
    queryFn: () => api.get<{ items: { personId: string; name: string }[] }>('/api/directory/colleagues', { pageSize: 50 }),
    staleTime: 5 * 60_000,
  });
  const names = useMemo(
    () => new Map([[me.id, me.name], ...(colleagues.data?.items ?? []).map((c) => [c.personId, c.name] as const)]),
    [colleagues.data, me.id, me.name],
  );

  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      existing
        ? api.put<FormView>(`/api/leave/forms/${encodeURIComponent(existing.id)}`, body).then((f) => [f])
        : api
            .post<{ items: FormView[] }>('/api/leave/forms/leave', body, { idempotencyKey: keys.current.keyFor(body) })
            .then((r) => r.items),
    onSuccess: async (forms) => {
      keys.current.done();
      // Counts on 首頁, my lists and balances change; the quote of the draft just filed is left alone (asked again, it would overlap the form).
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'leave' && q.queryKey[1] !== 'quote' });
      onDone(forms);
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, LEAVE_FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const unplaced = isProblem(submit.error) ? placedElsewhere(submit.error) : undefined;

  const onSubmit = handleSubmit((input) => {
    const body = withoutBlanks({
      ...input,
      attachmentIds,
      ...(multiple ? { applicantIds: applicants.map((a) => a.personId), deputyId: undefined } : {}),
    });
    submit.mutate(body);
  });

  const clear = () => {
    reset(initial);
    setItems(existing ? keptItems(existing.attachments) : []);
    setApplicants([]);
    submit.reset();
  };

  const err = (name: keyof LeaveCommandInput) => formState.errors[name]?.message;

  return (
    <form className="card leave-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="leave-form-title">
      <h2 id="leave-form-title">{existing ? `修改 ${type.name}` : type.name}</h2>
      {type.balance ? <p className="muted">{type.balance.label}</p> : null}

      {mayFileForOthers && !existing ? (
        <RadioGroup className="field" orientation="horizontal" value={mode} onChange={(v) => setMode(v as 'single' | 'multiple')}>
          <Label>申請方式</Label>
          <div className="choices">
            <Radio className="choice" value="single">
              單人
            </Radio>
            <Radio className="choice" value="multiple">
              多人
            </Radio>
          </div>
        </RadioGroup>
      ) : null}
      {multiple ? <ApplicantPicker chosen={applicants} onChange={setApplicants} error={err('applicantIds')} /> : null}

      <div className="two-columns">
        <Controller
          control={control}
          name="start"
          render={({ field, fieldState }) => (
            <RocDateTimeField
              label="請假起時"
              name="start"
              isRequired
              value={dateValueOf(field.value)}
              onChange={(v) => {
                const start = textOfDateValue(v, true);
                field.onChange(start);
                // A new start day moves an end that would now be before it to the same day, keeping its time.
                const end = getValues('end');
                if (start && end && end <= start) setValue('end', `${start.slice(0, 10)} ${end.slice(11)}`);
              }}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="end"
          render={({ field, fieldState }) => (
            <RocDateTimeField
              label="請假迄時"
              name="end"
              isRequired
              value={dateValueOf(field.value)}
              onChange={(v) => field.onChange(textOfDateValue(v, true))}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
      </div>

      <QuotePanel
        quote={quote.data}
        problem={isProblem(quote.error) ? quote.error : undefined}
        pending={quote.isFetching}
        names={names}
        ready={draftText !== ''}
      />

      {needsDeputy ? (
        noDeputies ? (
          <div className="field" role="group" aria-labelledby="deputy-label">
            <p id="deputy-label" className="label">
              職務代理人
            </p>
            <p className="field-error">
              第一次使用需先設定代理人：請至 <Link to="/deputies">代理人設定</Link> 加入代理人後再申請。
            </p>
          </div>
        ) : (
          <Controller
            control={control}
            name="deputyId"
            render={({ field, fieldState }) => (
              <RadioGroup
                className="field"
                name="deputyId"
                value={field.value ?? null}
                onChange={field.onChange}
                isInvalid={Boolean(fieldState.error)}
                isRequired
                validationBehavior="aria"
              >
                <Label>職務代理人（依代理人設定順序）</Label>
                {!intervalReady ? <Text slot="description">請先填請假起迄時間。</Text> : null}
                <div className="choices column">
                  {choices.map((c) => (
                    <Radio key={c.personId} className="choice" value={c.personId} isDisabled={!c.available}>
                      <span>{c.text}</span>
                      {c.why ? <span className="muted small why">{c.why}</span> : null}
                    </Radio>
                  ))}
                </div>
                <FieldError className="field-error">{fieldState.error?.message}</FieldError>
              </RadioGroup>
            )}
          />
        )
      ) : null}

      {type.eventRequired ? (
        <Controller
          control={control}
          name="eventDate"
          render={({ field, fieldState }) => (
            <RocDateTimeField
              label="事件日期"
              name="eventDate"
              granularity="day"
              isRequired
              value={dateValueOf(field.value)}
              onChange={(v) => field.onChange(textOfDateValue(v, false) || undefined)}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
      ) : null}
      {type.code === 'bereavement' ? (
        <Controller
          control={control}
          name="relationship"
          render={({ field, fieldState }) => (
            <Select
              className="field"
              value={field.value ?? null}
              onChange={(key) => field.onChange(key ?? undefined)}
              isInvalid={Boolean(fieldState.error)}
              placeholder="請選擇"
            >
              <Label>親屬關係</Label>
              <Button className="secondary select-button">
                <SelectValue />
                <span aria-hidden="true">▾</span>
              </Button>
              <FieldError className="field-error">{fieldState.error?.message}</FieldError>
              <Popover className="popover">
                <ListBox className="listbox">
                  {BEREAVEMENT_RELATIONSHIPS.map((r) => (
                    <ListBoxItem key={r} id={r} className="listbox-item">
                      {RELATIONSHIP_NAMES[r]}
                    </ListBoxItem>
                  ))}
                </ListBox>
              </Popover>
            </Select>
          )}
        />
      ) : null}
      {GESTATION_TYPES.has(type.code) ? (
        <Controller
          control={control}
          name="gestationWeeks"
          render={({ field, fieldState }) => (
            <NumberField
              className="field"
              value={field.value ?? NaN}
              onChange={field.onChange}
              minValue={0}
              maxValue={45}
              isInvalid={Boolean(fieldState.error)}
            >
              <Label>懷孕週數</Label>
              <Group>
                <Input className="text-input" />
              </Group>
              <FieldError className="field-error">{fieldState.error?.message}</FieldError>
            </NumberField>
          )}
        />
      ) : null}

      <Controller
        control={control}
        name="location"
        render={({ field }) => (
          <TextInput
            label="地點"
            name="location"
            value={field.value ?? ''}
            onChange={field.onChange}
            onBlur={field.onBlur}
            error={err('location')}
            isRequired={type.locationRequired}
            description="20 字以內"
          />
        )}
      />
      <Controller
        control={control}
        name="reason"
        render={({ field }) => (
          <ReasonField
            id="leave-reason"
            label="事由"
            isRequired
            reasons={commonReasons.data?.reasons ?? []}
            value={field.value ?? ''}
            onChange={field.onChange}
            onBlur={field.onBlur}
            error={err('reason')}
          />
        )}
      />
      <Controller
        control={control}
        name="remarks"
        render={({ field }) => (
          <CheckboxGroup className="field" value={field.value ?? []} onChange={field.onChange}>
            <Label>註記</Label>
            {REMARKS.map((r) => (
              <Checkbox key={r} value={r} className="choice checkbox">
                {r}
              </Checkbox>
            ))}
          </CheckboxGroup>
        )}
      />
      <Attachments
        items={items}
        onItemsChange={setItems}
        csrfToken={me.csrfToken}
        error={err('attachmentIds')}
        required={type.attachmentRequired !== undefined}
      />

      {unplaced ? <ProblemMessage problem={unplaced} /> : null}
      <div className="actions">
        <Button type="submit" isDisabled={submit.isPending || uploading}>
          {submit.isPending ? '送出中…' : existing ? '送出修改' : '送出表單'}
        </Button>
        <Button type="button" className="secondary" onPress={clear} isDisabled={submit.isPending}>
          清空重填
        </Button>
      </div>
    </form>
  );
}

/** The problem at the foot of the form when some of it names no field of this form (or none at all). */
function placedElsewhere(problem: ProblemError): ProblemError | undefined {
  const { fields } = fieldErrorsFor(problem, LEAVE_FIELDS);
  return fields.length > 0 && fields.length === problem.errors.length ? undefined : problem;
}

function QuotePanel(props: {
  quote: LeaveQuoteView | undefined;
  problem: ProblemError | undefined;
  pending: boolean;
  names: ReadonlyMap<string, string>;
  ready: boolean;
}) {
  const { quote, problem, pending, names, ready } = props;
  return (
    <section className="quote" aria-labelledby="quote-title" aria-live="polite" aria-busy={pending}>
      <h3 id="quote-title">試算</h3>
      {problem ? (
        <ProblemMessage problem={problem} />
      ) : !ready ? (
        <p className="muted">填妥假別與起迄時間後，這裡會顯示請假時數與批核流程。</p>
      ) : quote ? (
        <dl className="quote-list">
          <div>
            <dt>請假時數</dt>
            <dd id="quote-duration">
              {countedText(quote.minutes)}
              {quote.days.length > 1 ? (
                <span className="muted small">（{quote.days.map((d) => formatRocDate(d.date)).join('、')}）</span>
              ) : null}
            </dd>
          </div>
          {quote.balances.map((b) => (
            <div key={`${b.ledger}-${b.period}`}>
              <dt>送出後</dt>
              <dd>{b.label}</dd>
            </div>
          ))}
          {quote.deputy && !quote.deputy.available ? (
            <div>
              <dt>職務代理人</dt>
              <dd className="field-error">{quote.deputy.reason}</dd>
            </div>
          ) : null}
          <div>
            <dt>批核流程</dt>
            <dd id="quote-route">{routeText(quote.route, names)}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">試算中…</p>
      )}
    </section>
  );
}
