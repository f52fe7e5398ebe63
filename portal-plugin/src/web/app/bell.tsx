import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { api } from '../api/index.ts';
import { UNREAD_KEY, badgeText, bellLabel } from '../lib/notifications.ts';
import type { UnreadCount } from '../lib/notifications.ts';

/** How often the unread count is asked for while the tab is visible (TanStack Query pauses the interval while it is hidden). */
const POLL_MS = 30_000;

/**
 * The header's bell (通知): a link to /notifications with the unread count.
 * The service answers the count with an ETag and `no-cache`, so the
 * browser's own cache revalidates each poll (304 while nothing changed); a
 * hand-set If-None-Match would make fetch send `Cache-Control: no-cache` and
 * get a full 200 every time.
 */
export function Bell() {
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => api.get<UnreadCount>('/api/notifications/me/unread-count'),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  // Each navigation asks again (the first render has just asked).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void queryClient.invalidateQueries({ queryKey: UNREAD_KEY, exact: true });
  }, [pathname, queryClient]);
  const count = unread.data?.unread;
  const badge = badgeText(count ?? 0);
  return (
    <Link className="bell" to="/notifications" aria-label={bellLabel(count)} id="bell">
      <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {badge ? (
        <span className="bell-count" aria-hidden="true">
          {badge}
        </span>
      ) : null}
    </Link>
  );
}
