import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox } from 'react-aria-components';
import { Link } from 'react-router';
import { api } from '../../api/index.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';
import { NOTIFICATIONS_KEY } from '../../lib/notifications.ts';
import type { NotificationItem, NotificationPage, NotificationPreferences } from '../../lib/notifications.ts';
import { categoryLabel, choicesOf } from './logic.ts';
import './notifications.css';

const LIST_KEY = [...NOTIFICATIONS_KEY, 'list'] as const;
const PREFERENCES_KEY = [...NOTIFICATIONS_KEY, 'preferences'] as const;
const PAGE_SIZE = 20;

/** 通知: my notifications newest first (open one to mark it read), 全部標為已讀, and which ones also come by e-mail. */
export default function NotificationsPage() {
  return (
    <>
      <NotificationList />
      <Preferences />
    </>
  );
}

function NotificationList() {
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: LIST_KEY,
    queryFn: ({ pageParam }) => api.get<NotificationPage>('/api/notifications/me', { page: pageParam, limit: PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasMore ? last.page + 1 : undefined),
    staleTime: 0,
  });
  // The bell, this list and 首頁's counts all read notifications: refresh them all after a change.
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  // Options given here (not to mutate()) still run after the page is left: opening a notification navigates away at once.
  const markRead = useMutation<void, ProblemError, string>({
    mutationFn: (id) => api.post(`/api/notifications/me/${encodeURIComponent(id)}/read`),
    onSettled: refresh,
  });
  const markAll = useMutation<void, ProblemError>({
    mutationFn: () => api.post('/api/notifications/me/read-all'),
    onSettled: refresh,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  const failure = markAll.error ?? markRead.error;
  return (
    <section className="card" aria-labelledby="page-title">
      <div className="notifications-head">
        <PageTitle>通知</PageTitle>
        <Button id="mark-all-read" className="secondary" isDisabled={markAll.isPending || unread === 0} onPress={() => markAll.mutate()}>
          全部標為已讀
        </Button>
      </div>
      <p id="unread-summary" role="status">
        {list.data ? (unread > 0 ? `${unread} 則未讀` : '沒有未讀的通知') : ''}
      </p>
      {isProblem(list.error) ? <ProblemMessage problem={list.error} onRetry={() => void list.refetch()} /> : null}
      {failure ? <ProblemMessage problem={isProblem(failure) ? failure : networkError()} /> : null}
      {list.isPending ? <p className="muted">載入中…</p> : null}
      {list.data && items.length === 0 ? <p className="muted">目前沒有通知。</p> : null}
      {items.length > 0 ? (
        <ol className="notification-list" aria-label="通知列表（最新在上）">
          {items.map((item) => (
            <Notification key={item.id} item={item} onOpen={() => (item.read ? undefined : markRead.mutate(item.id))} />
          ))}
        </ol>
      ) : null}
      {list.hasNextPage ? (
        <Button className="secondary" isDisabled={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? '載入中…' : '載入更多'}
        </Button>
      ) : null}
    </section>
  );
}

function Notification({ item, onOpen }: { item: NotificationItem; onOpen: () => void }) {
  return (
    <li className={item.read ? 'notification' : 'notification unread'} data-id={item.id}>
      <p className="notification-meta">
        {item.read ? null : <span className="unread-mark">未讀</span>}
        <span>{categoryLabel(item.category)}</span>
        <time dateTime={item.createdAt}>{formatRocDateTime(item.createdAt)}</time>
      </p>
      <p className="notification-title">
        <Link to={item.link} onClick={onOpen}>
          {item.title}
        </Link>
      </p>
      {item.body ? <p className="notification-body">{item.body}</p> : null}
    </li>
  );
}

/** 電子郵件通知設定: a checkbox per category; in-app notifications are always on. */
function Preferences() {
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: () => api.get<NotificationPreferences>('/api/notifications/me/preferences'),
  });
  // The person's choices while editing; undefined = as saved.
  const [edited, setEdited] = useState<Record<string, boolean>>();
  const save = useMutation<NotificationPreferences, ProblemError, Record<string, boolean>>({
    mutationFn: (email) => api.put('/api/notifications/me/preferences', { email }),
    onSuccess: (view) => {
      queryClient.setQueryData(PREFERENCES_KEY, view);
      setEdited(undefined);
    },
  });
  const choices = prefs.data ? { ...choicesOf(prefs.data), ...edited } : undefined;
  return (
    <section className="card" aria-labelledby="preferences-title">
      <h2 id="preferences-title">電子郵件通知設定</h2>
      <p>站內通知一律顯示；勾選的類別也會寄到您的電子郵件信箱。</p>
      {isProblem(prefs.error) ? <ProblemMessage problem={prefs.error} onRetry={() => void prefs.refetch()} /> : null}
      {prefs.data && choices ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(choices);
          }}
        >
          <fieldset className="preferences">
            <legend>以電子郵件通知我</legend>
            {prefs.data.categories.map(({ category, label }) => (
              <Checkbox
                key={category}
                className="preference"
                isSelected={choices[category] ?? false}
                isDisabled={save.isPending}
                onChange={(on) => {
                  save.reset();
                  setEdited((before) => ({ ...before, [category]: on }));
                }}
              >
                <span className="preference-box" aria-hidden="true">
                  {choices[category] ? '✓' : ''}
                </span>
                {label}
              </Checkbox>
            ))}
          </fieldset>
          {save.error ? <ProblemMessage problem={isProblem(save.error) ? save.error : networkError()} /> : null}
          <p className="preferences-actions">
            <Button type="submit" isDisabled={save.isPending || edited === undefined}>
              {save.isPending ? '儲存中…' : '儲存設定'}
            </Button>
            <span role="status">{save.isSuccess ? '已儲存設定' : ''}</span>
          </p>
        </form>
      ) : null}
    </section>
  );
}
