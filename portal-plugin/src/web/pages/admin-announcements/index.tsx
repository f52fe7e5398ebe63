// 人事公告欄 (seed 11-1): the agency's 差勤管理者 and administrators post
// announcements — title, plain text, start and end dates (民國), for the whole
// agency or some of its units — which everyone's 首頁 shows within their dates
// (the notification service decides who sees which); and withdraw them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { postAnnouncementCommand } from '@webitr/contracts/forms/notification';
import type { PostAnnouncementInput } from '@webitr/contracts/forms/notification';
import type { AnnouncementView } from '@webitr/contracts/views/notification';
import { adminBoard, adminBoardKeys } from '../../api/admin-board.ts';
import { IdempotencyKeys } from '../../api/client.ts';
import { directory, directoryKeys } from '../../api/directory.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Check } from '../../components/check.tsx';
import { Choice } from '../../components/choice.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { FormDateField, TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDate, formatRocDateTime, taipeiToday } from '../../lib/dates.ts';
import { bodyResolver } from '../../lib/form-values.ts';
import { ANNOUNCEMENT_STATE_LABEL, announcementState, audienceText } from './logic.ts';

interface Fields {
  title: string;
  body: string;
  startDate: string;
  endDate: string;
  audience: 'agency' | 'units';
  unitIds: string[];
}
const FIELDS = ['title', 'body', 'startDate', 'endDate', 'unitIds'] as const;

export default function AnnouncementsPage() {
  return <AdminFrame page="announcements">{(ctx) => <Announcements {...ctx} />}</AdminFrame>;
}

function Announcements({ agency }: AdminContext) {
  const list = useQuery({
    queryKey: adminBoardKeys.agencyAnnouncements(agency.id),
    queryFn: () => adminBoard.listAnnouncements(agency.id),
  });
  if (isRefusal(list.error)) return <AdminRefusal problem={list.error} />;
  const items = list.data?.items ?? [];
  const today = taipeiToday().toString();
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>人事公告欄</PageTitle>
        <AgencyLine agency={agency} page="announcements" />
        <p className="muted">公告於起迄日期間顯示在公告對象每個人的首頁。</p>
        <AnnouncementForm agencyId={agency.id} />
      </section>
      <section className="card" aria-labelledby="announcements-title">
        <h2 id="announcements-title">公告{list.data ? `（共 ${items.length} 則）` : ''}</h2>
        {list.error ? (
          <ProblemMessage problem={isProblem(list.error) ? list.error : networkError()} onRetry={() => void list.refetch()} />
        ) : null}
        {list.data && items.length === 0 ? <p className="muted">尚無公告。</p> : null}
        {items.length > 0 ? (
          <ul className="announcement-list" aria-label="公告">
            {items.map((a) => (
              <AnnouncementRow key={a.id} announcement={a} today={today} />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}

/** 新增公告: the contracts' postAnnouncementCommand, one Idempotency-Key per posting. */
function AnnouncementForm({ agencyId }: { agencyId: string }) {
  const queryClient = useQueryClient();
  const keys = useRef(new IdempotencyKeys());
  const units = useQuery({ queryKey: directoryKeys.units(agencyId), queryFn: () => directory.listUnits(agencyId) });
  const today = taipeiToday();
  const initial: Fields = {
    title: '',
    body: '',
    startDate: today.toString(),
    endDate: today.add({ days: 7 }).toString(),
    audience: 'agency',
    unitIds: [],
  };
  const toBody = (f: Fields): PostAnnouncementInput => ({
    agencyId,
    title: f.title,
    body: f.body,
    startDate: f.startDate,
    endDate: f.endDate,
    unitIds: f.audience === 'units' ? f.unitIds : [],
  });
  const { control, handleSubmit, setError, reset, getValues } = useForm<Fields>({
    resolver: bodyResolver<Fields>(postAnnouncementCommand, toBody),
    defaultValues: initial,
  });
  const [done, setDone] = useState('');
  const post = useMutation<AnnouncementView, ProblemError, PostAnnouncementInput>({
    mutationFn: (body) => adminBoard.postAnnouncement(body, keys.current.keyFor(body)),
    onSuccess: async (posted) => {
      keys.current.done();
      setDone(
        `已公告「${posted.title}」（${formatRocDate(posted.startDate)} 至 ${formatRocDate(posted.endDate)}，${audienceText(posted)}）。`,
      );
      reset(initial);
      await queryClient.invalidateQueries({ queryKey: adminBoardKeys.announcements });
    },
    onError: (problem) => {
      setDone('');
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const submit = handleSubmit((body) => {
    // 指定單位 with none chosen would mean the whole agency: asked for instead.
    if (getValues('audience') === 'units' && getValues('unitIds').length === 0) {
      setError('unitIds', { type: 'required', message: '請勾選公告對象單位' });
      return;
    }
    post.mutate(body as unknown as PostAnnouncementInput);
  });
  const audience = useWatch({ control, name: 'audience' });
  const unitItems = units.data?.items ?? [];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="新增公告">
      <div className="filters">
        <Controller
          control={control}
          name="title"
          render={({ field, fieldState }) => (
            <TextInput
              label="標題"
              name="title"
              isRequired
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <FormDateField control={control} name="startDate" label="公告起日" isRequired />
        <FormDateField control={control} name="endDate" label="公告迄日" isRequired />
        <Controller
          control={control}
          name="audience"
          render={({ field }) => (
            <Choice
              id="announcement-audience"
              label="公告對象"
              value={field.value}
              options={[
                ['agency', '全機關'],
                ['units', '指定單位'],
              ]}
              onChange={(v) => field.onChange(v === 'units' ? 'units' : 'agency')}
            />
          )}
        />
      </div>
      <Controller
        control={control}
        name="body"
        render={({ field, fieldState }) => (
          <TextInput
            label="內容"
            name="body"
            isRequired
            multiline
            value={field.value}
            onChange={field.onChange}
            error={fieldState.error?.message}
          />
        )}
      />
      {audience === 'units' ? (
        <Controller
          control={control}
          name="unitIds"
          render={({ field, fieldState }) => (
            <fieldset className="checks" aria-describedby={fieldState.error ? 'announcement-units-error' : undefined}>
              <legend>公告對象單位（含其下各單位）</legend>
              {isProblem(units.error) ? <ProblemMessage problem={units.error} onRetry={() => void units.refetch()} /> : null}
              {unitItems.map((u) => (
                <Check
                  key={u.id}
                  value={u.id}
                  isSelected={field.value.includes(u.id)}
                  onChange={(on) => field.onChange(on ? [...field.value, u.id] : field.value.filter((id) => id !== u.id))}
                >
                  {u.name}
                </Check>
              ))}
              {fieldState.error ? (
                <p id="announcement-units-error" className="field-error" role="alert">
                  {fieldState.error.message}
                </p>
              ) : null}
            </fieldset>
          )}
        />
      ) : null}
      {post.error && (!isProblem(post.error) || fieldErrorsFor(post.error, FIELDS).fields.length === 0) ? (
        <ProblemMessage problem={isProblem(post.error) ? post.error : networkError()} />
      ) : null}
      {done ? (
        <p role="status" className="muted">
          {done}
        </p>
      ) : null}
      <p className="actions">
        <Button type="submit" isDisabled={post.isPending}>
          {post.isPending ? '公告中…' : '新增公告'}
        </Button>
      </p>
    </form>
  );
}

function AnnouncementRow({ announcement: a, today }: { announcement: AnnouncementView; today: string }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const withdraw = useMutation<unknown, ProblemError>({
    mutationFn: () => adminBoard.withdrawAnnouncement(a.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminBoardKeys.announcements }),
  });
  const state = announcementState(a, today);
  return (
    <li className="announcement" data-announcement-id={a.id}>
      <h3>
        {a.title} <span className={`status-tag ${state}`}>{ANNOUNCEMENT_STATE_LABEL[state]}</span>
      </h3>
      <p className="muted small">
        {formatRocDate(a.startDate)} 至 {formatRocDate(a.endDate)}・對象：{audienceText(a)}・{a.postedBy.name} 於{' '}
        {formatRocDateTime(a.postedAt)} 公告
      </p>
      <p className="announcement-body">{a.body}</p>
      {isProblem(withdraw.error) ? <ProblemMessage problem={withdraw.error} /> : null}
      <p className="actions">
        <Button className="secondary" aria-label={`刪除公告「${a.title}」`} isDisabled={withdraw.isPending} onPress={() => setAsking(true)}>
          刪除
        </Button>
      </p>
      <ConfirmDialog
        isOpen={asking}
        onOpenChange={setAsking}
        title="是否確定刪除此公告？"
        confirmLabel="刪除"
        onConfirm={() => withdraw.mutate()}
      >
        <p>「{a.title}」將立即自首頁移除。</p>
      </ConfirmDialog>
    </li>
  );
}
