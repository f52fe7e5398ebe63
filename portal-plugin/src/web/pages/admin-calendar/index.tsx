// 特殊節日登記 (管理, seed 001 5-1; attendance managers of the agency): a
// year of the agency's calendar as leave and attendance count it — the
// national office calendar's holidays and make-up workdays (政府行政機關辦公
// 日曆表) and the agency's own days (校慶補假, 紀念日, a 補班 Saturday) — the
// agency's own added and removed here; forms covering a changed day are
// measured again by the leave service and the day's attendance recomputed.
// Below, the national calendar's years on file; a system administrator
// imports a year's open-data CSV (匯入辦公日曆表).
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { CALENDAR_ENTRY_KIND_NAMES, addCalendarEntryCommand } from '@webitr/contracts/forms/leave';
import type { AddCalendarEntryCommandInput, CalendarEntryKind } from '@webitr/contracts/forms/leave';
import type { CalendarEntriesView, CalendarEntryView, NationalYearsView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { fieldErrorsFor, isProblem } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AgencyLine } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { withoutBlanks } from '../../lib/form-values.ts';
import { formatRocDate, formatRocDateTime, taipeiToday } from '../../lib/dates.ts';

const FIELDS = ['date', 'kind', 'name'] as const;
/** What an agency registers here (停止上班上課 has its own page). */
const AGENCY_KINDS: readonly CalendarEntryKind[] = ['special-day-off', 'holiday', 'makeup-workday'];
const ROC = 1911;
const calendarKey = (agencyId: string, year: number) => ['leave', 'calendar', agencyId, 'year', year] as const;
const nationalYearsKey = ['leave', 'calendar', 'national-years'] as const;
const raw = zodResolver(addCalendarEntryCommand, undefined, { raw: true });
const resolver: Resolver<AddCalendarEntryCommandInput> = (values, context, options) => raw(withoutBlanks(values), context, options);
const entriesUrl = (agencyId: string) => `/api/leave/agencies/${encodeURIComponent(agencyId)}/calendar-entries`;

export default function CalendarPage() {
  return <AdminFrame page="calendar">{(ctx) => <Calendar {...ctx} />}</AdminFrame>;
}

function Calendar({ me, agency }: AdminContext) {
  const queryClient = useQueryClient();
  const today = taipeiToday();
  const [year, setYear] = useState(today.year);
  const nationalYears = useQuery({
    queryKey: nationalYearsKey,
    queryFn: () => api.get<NationalYearsView>('/api/leave/calendar/national-years'),
  });
  const years = [...new Set([...(nationalYears.data?.items ?? []).map((y) => y.year), today.year, year])].sort();
  const entries = useQuery({
    queryKey: calendarKey(agency.id, year),
    queryFn: () => api.get<CalendarEntriesView>(entriesUrl(agency.id), { from: `${year}-01-01`, to: `${year}-12-31` }),
  });
  const { control, handleSubmit, setError, formState, reset } = useForm<AddCalendarEntryCommandInput>({
    resolver,
    defaultValues: { date: '', kind: 'special-day-off', name: '' },
    mode: 'onTouched',
  });
  const add = useMutation({
    mutationFn: (body: AddCalendarEntryCommandInput) =>
      api.post<CalendarEntryView & { recalculated: unknown[] }>(entriesUrl(agency.id), body),
    onSuccess: async (entry) => {
      reset({ date: '', kind: entry.kind, name: '' });
      setYear(Number(entry.date.slice(0, 4)));
      await queryClient.invalidateQueries({ queryKey: ['leave', 'calendar'] });
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const [removing, setRemoving] = useState<CalendarEntryView>();
  const remove = useMutation<void, ProblemError, CalendarEntryView>({
    mutationFn: (entry) => api.delete<void>(`${entriesUrl(agency.id)}/${encodeURIComponent(entry.id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['leave', 'calendar'] }),
  });
  const onSubmit = handleSubmit((input) => add.mutate(input));
  const items = entries.data?.items ?? [];
  const own = items.filter((e) => e.agencyId === agency.id);

  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>特殊節日登記</PageTitle>
        <AgencyLine agency={agency} page="calendar" />
        <p className="muted">
          登錄本機關的特殊節日（校慶補假、紀念日等放假日）與補行上班日；已申請的差假依新的行事曆重新計算時數，當日出勤結果亦重新計算。
        </p>
        <form className="filters" aria-label="登錄特殊節日" onSubmit={(e) => void onSubmit(e)} noValidate>
          <Controller
            control={control}
            name="date"
            render={({ field, fieldState }) => (
              <RocDateTimeField
                label="日期"
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
            name="kind"
            render={({ field, fieldState }) => (
              <Choice
                id="entry-kind"
                label="類別"
                value={field.value}
                options={AGENCY_KINDS.map((k) => [k, CALENDAR_ENTRY_KIND_NAMES[k]] as const)}
                onChange={field.onChange}
                errorMessage={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="name"
            render={({ field }) => (
              <TextInput
                label="名稱"
                name="name"
                isRequired
                value={field.value ?? ''}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={formState.errors.name?.message}
                description="例：校慶補假、教師節"
              />
            )}
          />
          <p className="actions">
            <Button type="submit" isDisabled={add.isPending}>
              {add.isPending ? '登錄中…' : '登錄'}
            </Button>
          </p>
        </form>
        {isProblem(add.error) && fieldErrorsFor(add.error, FIELDS).fields.length === 0 ? <ProblemMessage problem={add.error} /> : null}
        {add.data ? (
          <p role="status" className="muted">
            已登錄 {formatRocDate(add.data.date)} {add.data.name}
            {add.data.recalculated.length ? `，${add.data.recalculated.length} 筆差假重新計算` : ''}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="year-title">
        <h2 id="year-title">{year - ROC} 年行事曆</h2>
        <div className="filters two">
          <Choice
            id="calendar-year"
            label="年度"
            value={String(year)}
            options={years.map((y) => [String(y), `${y - ROC} 年（${y}）`] as const)}
            onChange={(v) => v && setYear(Number(v))}
          />
        </div>
        {isProblem(entries.error) ? <ProblemMessage problem={entries.error} onRetry={() => void entries.refetch()} /> : null}
        {remove.error ? <ProblemMessage problem={remove.error} /> : null}
        <p className="muted" id="calendar-count">
          {entries.data ? `本機關 ${own.length} 筆，全國 ${items.filter((e) => e.agencyId === '*').length} 筆` : '載入中…'}
        </p>
        {items.length ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={`${year - ROC} 年行事曆列表`}>
            <table className="wide">
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">類別</th>
                  <th scope="col">名稱</th>
                  <th scope="col">登錄</th>
                  <th scope="col">刪除</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{formatRocDate(e.date)}</th>
                    <td>
                      {CALENDAR_ENTRY_KIND_NAMES[e.kind]}
                      {e.from || e.to ? `（${e.from ?? ''}～${e.to ?? ''}）` : ''}
                    </td>
                    <td>{e.name}</td>
                    <td>{e.agencyId === '*' ? '辦公日曆表' : '本機關'}</td>
                    <td>
                      {e.agencyId === agency.id ? (
                        <Button
                          className="secondary"
                          aria-label={`刪除 ${formatRocDate(e.date)} ${e.name}`}
                          isDisabled={remove.isPending}
                          onPress={() => setRemoving(e)}
                        >
                          刪除
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <ConfirmDialog
          isOpen={Boolean(removing)}
          onOpenChange={(open) => !open && setRemoving(undefined)}
          title="是否確定刪除？"
          confirmLabel="刪除"
          onConfirm={() => removing && remove.mutate(removing)}
        >
          {removing ? (
            <p>
              {formatRocDate(removing.date)} {removing.name}（{CALENDAR_ENTRY_KIND_NAMES[removing.kind]}）：涵蓋當日的差假將重新計算。
            </p>
          ) : null}
        </ConfirmDialog>
      </section>

      <NationalYears view={nationalYears.data} error={nationalYears.error} mayImport={me.roles.some((r) => r.role === 'system-admin')} />
    </>
  );
}

/** 政府行政機關辦公日曆表: the years on file; a system administrator imports a year's CSV. */
function NationalYears({ view, error, mayImport }: { view: NationalYearsView | undefined; error: unknown; mayImport: boolean }) {
  const queryClient = useQueryClient();
  const [year, setYear] = useState(String(taipeiToday().year + 1));
  const [file, setFile] = useState<File>();
  const upload = useMutation<{ year: number; changedDates: string[] }, ProblemError, { year: string; file: File }>({
    mutationFn: ({ year, file }) => api.postFile(`/api/leave/calendar/national-years/${encodeURIComponent(year)}/import`, file, 'text/csv'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['leave', 'calendar'] }),
  });
  return (
    <section className="card" aria-labelledby="national-title">
      <h2 id="national-title">政府行政機關辦公日曆表</h2>
      {isProblem(error) ? <ProblemMessage problem={error} /> : null}
      {view ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="已匯入的辦公日曆表">
          <table className="wide">
            <thead>
              <tr>
                <th scope="col">年度</th>
                <th scope="col">放假日</th>
                <th scope="col">補行上班日</th>
                <th scope="col">來源</th>
                <th scope="col">匯入時間</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.rocYear} 年</th>
                  <td>{y.holidays}</td>
                  <td>{y.makeupWorkdays}</td>
                  <td>
                    {y.origin === 'shipped' ? '系統內建' : '上傳'}：{y.source}
                    {y.published ? `（${y.published}）` : ''}
                  </td>
                  <td>{formatRocDateTime(y.importedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mayImport ? (
        <form
          className="filters"
          aria-label="匯入辦公日曆表"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate({ year, file });
          }}
        >
          <TextInput label="年度（西元）" name="national-year" inputMode="numeric" value={year} onChange={setYear} />
          <div className="field">
            <label htmlFor="national-file">辦公日曆表 CSV（行政院人事行政總處開放資料）</label>
            <input id="national-file" className="input" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />
          </div>
          <p className="actions">
            <Button type="submit" isDisabled={!file || upload.isPending}>
              {upload.isPending ? '匯入中…' : '匯入'}
            </Button>
          </p>
          {upload.error ? <ProblemMessage problem={upload.error} /> : null}
          {upload.data ? (
            <p role="status">
              已匯入 {upload.data.year - ROC} 年：{upload.data.changedDates.length} 個日期變更
            </p>
          ) : null}
        </form>
      ) : (
        <p className="muted">辦公日曆表由系統管理者匯入；本機關的特殊節日於上方登錄。</p>
      )}
    </section>
  );
}
