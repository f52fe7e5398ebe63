// The app's client and the session it depends on.
import { queryClient } from '../app/query-client.ts';
import { ApiClient } from './client.ts';
import type { Session } from './session.ts';
import { SESSION_KEY } from './session.ts';

/** Any 401 ends the signed-in view at once: the shell switches to 請先登入 (or says why the session ended). */
export const api = new ApiClient({
  onUnauthenticated: (problem) =>
    queryClient.setQueryData<Session>(SESSION_KEY, { kind: 'signed-out', ...(problem.code === 'UNAUTHENTICATED' ? {} : { problem }) }),
});
