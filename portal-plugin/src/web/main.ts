// The web app's entry point in the browser: asks the gateway who is signed
// in and shows it; signs out with the CSRF token the gateway handed out.
import { renderProblem, renderSignedIn, renderSignedOut } from './view.ts';
import type { Me, PortalLink, Problem } from './view.ts';

const app = document.getElementById('app')!;
const nav = document.getElementById('nav')!;
const path = location.pathname + location.search;

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}

async function post(url: string, csrfToken: string): Promise<{ status: number; body: { redirect?: string } & Partial<Problem> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
    credentials: 'same-origin',
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { redirect?: string } & Partial<Problem> };
}

async function showSignedOut(problem?: Problem): Promise<void> {
  const portals = await getJson<{ items: PortalLink[] }>('/api/portals');
  app.innerHTML = renderSignedOut(portals.body.items ?? [], path, problem);
}

async function main(): Promise<void> {
  const me = await getJson<Me & Problem>('/api/me');
  if (me.status === 401) return showSignedOut(me.body.code === 'UNAUTHENTICATED' ? undefined : me.body);
  if (me.status !== 200) {
    app.innerHTML = renderProblem(me.body);
    return;
  }
  app.innerHTML = renderSignedIn(me.body, location.pathname);
  nav.hidden = false;
  for (const link of nav.querySelectorAll('a'))
    if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
  document.getElementById('sign-out')!.addEventListener('click', async () => {
    const answer = await post('/logout', me.body.csrfToken);
    location.assign(answer.body.redirect ?? '/signed-out');
  });
  document.getElementById('end-all')!.addEventListener('click', async () => {
    if (!confirm('確定要結束此帳號在所有裝置上的登入？')) return;
    await post('/api/me/sessions/end', me.body.csrfToken);
    location.assign('/signed-out');
  });
}

main().catch(() => {
  app.innerHTML = renderProblem({ code: 'NETWORK_ERROR', title: '無法連線至差勤系統', detail: '請檢查網路連線後重新整理頁面。' });
});
