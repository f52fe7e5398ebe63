// 停止上班上課 (管理, seed 001 5-2; attendance managers of the agency): declare
// a closure of the agency for a day — a typhoon, even after the fact (the
// leave service's calendar entry) —
// then watch the agency's days of that date be computed again by the punch
// service: the list is asked again every 2 s until every day reads
// 停止上班上課 (a closure of part of the day: until the calendar has it).
// The closures declared this year are listed, each opening its day. A system
// administrator also declares one closure for several agencies at once (a
// city's announcement: declareRegionClosure), each agency answered apart.
import { parseDate } from '@internationalized/date';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { Control, Resolver, ResolverResult } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { addCalendarEntryCommand, declareRegionClosureCommand } from '@webitr/contracts/forms/leave';
import type { AddCalendarEntryCommandInput, DeclareRegionClosureCommandInput } from '@webitr/contracts/forms/leave';
import type { CalendarEntriesView, CalendarEntryView, RegionClosureView } from '@webitr/contracts/views/leave';
import type { AttendanceReportView } from '@webitr/contracts/views/attendance';
import { directory, directoryKeys } from '../../api/directory.ts';
import { api } from '../../api/index.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import { AdminFrame, AgencyLine } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Check } from '../../components/check.tsx';
import { Choice } from '../../components/choice.tsx';
import { FieldError } from '../../components/field-error.tsx';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { reportUrl } from '../../lib/attendance.ts';
import { formatRocDate, taipeiToday } from '../../lib/dates.ts';
import '../../styles/attendance.css';

const FIELDS = ['date', 'name', 'from', 'to'] as const;
/** How long the page keeps asking before it says the computing goes on (the service keeps at it). */
const WAIT_MS = 90_000;
const blank = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined));
const raw = zodResolver(addCalendarEntryCommand, undefined, { raw: true });
/** Both forms' values: the agency's closure, and (多機關) the agencies it is declared for. */
type ClosureForm = AddCalendarEntryCommandInput & { agencyIds?: string[] };
const resolver: Resolver<ClosureForm> = (values, context, options) => raw(blank(values) as AddCalendarEntryCommandInput, context, options);

/** The day shown below the form: its date, and the closure declared for it (to wait for). */
interface Shown {
  date: string;
  name: string;
  partial: boolean;
  since: number;
}

export default function ClosuresPage() {
  return <AdminFrame page="closures">{(ctx) => <Closures {...ctx} />}</AdminFrame>;
}

function Closures({ me, agency }: AdminContext) {
  const agencyId = agency.id;
  const queryClient = useQueryClient();
  const [partial, setPartial] = useState(false);
  const [shown, setShown] = useState<Shown | undefined>();
  const today = taipeiToday();
  const initial: ClosureForm = { date: today.toString(), kind: 'closure', name: '颱風停止上班上課', from: '', to: '' };
  const { control, handleSubmit, setError } = useForm<ClosureForm>({
    resolver,
    defaultValues: initial,
    mode: 'onTouched',
  });
  // A year back and a year ahead: a closure may be declared after the fact, and a date planned ahead (an exercise) shows too.
  const range = { from: today.subtract({ days: 366 }).toString(), to: today.add({ days: 366 }).toString() };
  const declared = useQuery({
    queryKey: ['leave', 'calendar', agencyId, range],
    queryFn: () => api.get<CalendarEntriesView>(`/api/leave/agencies/${encodeURIComponent(agencyId)}/calendar-entries`, range),
  });
  const closures = (declared.data?.items ?? []).filter((e) => e.kind === 'closure' && e.agencyId === agencyId).reverse();

  const declare = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      // Not an idempotent create: a second 登錄 of the same closure is refused (該日已有同類別的登記).
      api.post<CalendarEntryView>(`/api/leave/agencies/${encodeURIComponent(agencyId)}/calendar-entries`, body),
    onSuccess: async (entry) => {
      setShown({ date: entry.date, name: entry.name, partial: Boolean(entry.from || entry.to), since: Date.now() });
      await queryClient.invalidateQueries({ queryKey: ['leave', 'calendar'] });
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const onSubmit = handleSubmit((input) => declare.mutate(blank({ ...input, kind: 'closure', ...(partial ? {} : { from: '', to: '' }) })));

  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>停止上班上課</PageTitle>
        <AgencyLine agency={agency} page="closures" />
        <p className="muted">
          登錄本機關停止上班上課（颱風等天然災害，事後登錄亦可）：當日的出勤結果將重新計算為「停止上班上課」，並自出勤異常移除。
        </p>
        <form className="filters" aria-label="登錄停止上班上課" onSubmit={(e) => void onSubmit(e)} noValidate>
          <ClosureFields control={control} partial={partial} onPartial={setPartial} />
          <p className="actions">
            <Button type="submit" isDisabled={declare.isPending}>
              {declare.isPending ? '登錄中…' : '登錄'}
            </Button>
          </p>
        </form>
        {isProblem(declare.error) && fieldErrorsFor(declare.error, FIELDS).fields.length === 0 ? (
          <ProblemMessage problem={declare.error} />
        ) : null}
      </section>
      {shown ? <AffectedDays agencyId={agencyId} shown={shown} /> : null}
      {me.roles.some((r) => r.role === 'system-admin') ? <RegionClosure /> : null}
      <section className="card" aria-labelledby="declared-title">
        <h2 id="declared-title">已登錄的停止上班上課</h2>
        {isProblem(declared.error) ? <ProblemMessage problem={declared.error} onRetry={() => void declared.refetch()} /> : null}
        {declared.data && closures.length === 0 ? <p className="muted">前後一年內沒有登錄停止上班上課</p> : null}
        {closures.length ? (
          <ul className="closure-list" aria-label="已登錄的停止上班上課">
            {closures.map((c) => (
              <li key={c.id}>
                <span>
                  {formatRocDate(c.date)} {c.name}
                  {c.from || c.to ? `（${c.from ?? ''}～${c.to ?? ''}）` : ''}
                </span>
                <Button
                  className="secondary"
                  aria-label={`查看 ${formatRocDate(c.date)} 出勤結果`}
                  onPress={() => setShown({ date: c.date, name: c.name, partial: Boolean(c.from || c.to), since: Date.now() })}
                >
                  查看
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}

/** The agency's days of the date as the punch service computes them, asked again until the closure shows on them. */
function AffectedDays({ agencyId, shown }: { agencyId: string; shown: Shown }) {
  const done = (report: AttendanceReportView | undefined) =>
    Boolean(
      report &&
      report.calendar.some((c) => c.entries.some((e) => e.kind === 'closure' && e.name === shown.name)) &&
      (shown.partial || report.items.every((d) => d.result?.code === 'closure')),
    );
  const report = useQuery({
    queryKey: ['attendance', 'report', agencyId, 'closure', shown.date],
    queryFn: () => api.get<AttendanceReportView>(reportUrl(agencyId, { from: shown.date, to: shown.date })),
    refetchInterval: (q) => (done(q.state.data) || Date.now() - shown.since > WAIT_MS ? false : 2_000),
  });
  const finished = done(report.data);
  const queryClient = useQueryClient();
  useEffect(() => {
    // What other pages hold of attendance (出勤異常, 刷卡資料, 首頁's week) was computed before the closure: ask again.
    if (finished) void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'attendance' && q.queryKey[3] !== 'closure' });
  }, [finished, queryClient]);
  const label = formatRocDate(parseDate(shown.date));
  return (
    <section className="card" aria-labelledby="affected-title">
      <h2 id="affected-title">{label} 出勤結果</h2>
      <p className="recompute-status" role="status" id="recompute-status">
        {finished
          ? `已重新計算：${report.data!.items.length} 人的出勤結果依「${shown.name}」計算`
          : report.dataUpdatedAt - shown.since > WAIT_MS
            ? '仍在重新計算中，請稍後重新整理'
            : '重新計算中…'}
      </p>
      {isProblem(report.error) ? <ProblemMessage problem={report.error} onRetry={() => void report.refetch()} /> : null}
      {report.data?.items.length ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${label} 出勤結果列表`}>
          <table>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">單位</th>
                <th scope="col">上班卡</th>
                <th scope="col">下班卡</th>
                <th scope="col">出勤結果</th>
              </tr>
            </thead>
            <tbody>
              {report.data.items.map((d) => (
                <tr key={d.personId}>
                  <th scope="row">{d.name}</th>
                  <td>{d.unitName ?? ''}</td>
                  <td>{d.in ?? ''}</td>
                  <td>{d.out ?? ''}</td>
                  <td className={d.anomaly ? 'anomaly' : undefined}>{d.result?.label ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

const regionRaw = zodResolver(declareRegionClosureCommand, undefined, { raw: true });
// The kind is the agency form's (always 停止上班上課); the region's command has none.
const regionResolver: Resolver<ClosureForm> = async ({ kind: _kind, ...values }, context, options) =>
  (await regionRaw(blank(values) as DeclareRegionClosureCommandInput, context, options as never)) as unknown as ResolverResult<ClosureForm>;

/** 停止上班上課 for several agencies (system administrators): what a city announces holds for each agency chosen, answered per agency. */
function RegionClosure() {
  const queryClient = useQueryClient();
  const agencies = useQuery({ queryKey: directoryKeys.agencies(), queryFn: () => directory.listAgencies(), staleTime: 300_000 });
  const [partial, setPartial] = useState(false);
  const { control, handleSubmit, setError, formState, setValue } = useForm<ClosureForm>({
    resolver: regionResolver,
    defaultValues: { agencyIds: [], date: taipeiToday().toString(), kind: 'closure', name: '颱風停止上班上課', from: '', to: '' },
  });
  const chosen = useWatch({ control, name: 'agencyIds' }) ?? [];
  const declare = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<RegionClosureView>('/api/leave/calendar/closures', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['leave', 'calendar'] }),
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, [...FIELDS, 'agencyIds'] as const).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const onSubmit = handleSubmit(({ kind: _kind, ...input }) =>
    declare.mutate(blank({ ...input, ...(partial ? {} : { from: '', to: '' }) })),
  );
  const nameOf = (id: string) => agencies.data?.items.find((a) => a.id === id)?.name ?? id;
  return (
    <section className="card" aria-labelledby="region-title">
      <h2 id="region-title">多機關停止上班上課</h2>
      <p className="muted">系統管理者：縣市政府宣布停止上班上課時，一次登錄所選各機關（各機關已登錄者保留原登錄）。</p>
      <form className="filters" aria-label="多機關停止上班上課" onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="field">
          <legend>機關</legend>
          {(agencies.data?.items ?? []).map((a) => (
            <Check
              key={a.id}
              isSelected={chosen.includes(a.id)}
              onChange={(on) =>
                setValue('agencyIds', on ? [...chosen, a.id] : chosen.filter((id) => id !== a.id), {
                  shouldValidate: formState.isSubmitted,
                })
              }
            >
              {a.name}
            </Check>
          ))}
          <FieldError id="region-agencies-error" message={formState.errors.agencyIds?.message} />
        </fieldset>
        <ClosureFields control={control} partial={partial} onPartial={setPartial} idPrefix="region-" />
        <p className="actions">
          <Button type="submit" isDisabled={declare.isPending}>
            {declare.isPending ? '登錄中…' : '登錄所選機關'}
          </Button>
        </p>
      </form>
      {isProblem(declare.error) && fieldErrorsFor(declare.error, [...FIELDS, 'agencyIds'] as const).fields.length === 0 ? (
        <ProblemMessage problem={declare.error} />
      ) : null}
      {declare.data ? (
        <ul aria-label="各機關登錄結果" role="status">
          {declare.data.items.map((item) => (
            <li key={item.agencyId}>
              {nameOf(item.agencyId)}：
              {'refused' in item ? `未登錄（${item.refused.detail}）` : `已登錄，${item.recalculated} 筆差假重新計算`}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** 日期, 名稱, 時段 (全日 or 部分時段 with 起時/迄時): the fields of a closure, in both forms. */
function ClosureFields(props: {
  control: Control<ClosureForm>;
  partial: boolean;
  onPartial: (partial: boolean) => void;
  idPrefix?: string;
}) {
  const { control, partial, onPartial, idPrefix = '' } = props;
  return (
    <>
      <Controller
        control={control}
        name="date"
        render={({ field, fieldState }) => (
          <RocDateTimeField
            label="日期"
            name={`${idPrefix}date`}
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
        name="name"
        render={({ field, fieldState }) => (
          <TextInput
            label="名稱"
            name={`${idPrefix}name`}
            isRequired
            value={field.value ?? ''}
            onChange={field.onChange}
            onBlur={field.onBlur}
            error={fieldState.error?.message}
          />
        )}
      />
      <Choice
        id={`${idPrefix}closure-span`}
        label="時段"
        value={partial ? 'part' : 'day'}
        options={[
          ['day', '全日'],
          ['part', '部分時段'],
        ]}
        onChange={(v) => onPartial(v === 'part')}
      />
      {partial
        ? (['from', 'to'] as const).map((name) => (
            <Controller
              key={name}
              control={control}
              name={name}
              render={({ field, fieldState }) => (
                <TextInput
                  label={name === 'from' ? '起時（HH:MM）' : '迄時（HH:MM）'}
                  name={`${idPrefix}${name}`}
                  value={field.value ?? ''}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          ))
        : null}
    </>
  );
}
