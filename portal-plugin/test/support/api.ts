// Calls to the system's API from inside a person's signed-in page (same
// origin, their session cookie, the CSRF token /api/me hands out): how a
// journey sets up what another page builds (a form filed, a deputy's consent)
// without depending on that page.
import type { Page } from 'playwright-core';

// The answers are JSON the journeys read field by field; typing each would only restate the views.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

/** One call as the signed-in person; `idempotent` sends an Idempotency-Key (the creates that take one). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function callApi<T = any>(page: Page, method: string, url: string, body?: unknown, idempotent = false): Promise<ApiAnswer<T>> {
  return (await page.evaluate(
    async ({ method, url, body, idempotent }) => {
      const me = (await (await fetch('/api/me', { headers: { accept: 'application/json' } })).json()) as { csrfToken: string };
      const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': me.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotent) headers['idempotency-key'] = crypto.randomUUID();
      const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, url, body, idempotent },
  )) as ApiAnswer<T>;
}
