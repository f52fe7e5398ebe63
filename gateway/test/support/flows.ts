import { expect } from 'chai';
import { Browser, formsOf } from './browser.ts';
import type { Answer } from './browser.ts';
import { NETWORK } from './world.ts';

/** Start at the tile's deep link and stop at the identity provider's login page. */
export async function toLoginPage(
  browser: Browser,
  gatewayUrl: string,
  options: { portal?: string; returnTo?: string } = {},
): Promise<{ page: Answer; hops: Answer[] }> {
  const start = `${gatewayUrl}/sso/${options.portal ?? 'kh-edu'}?return_to=${encodeURIComponent(options.returnTo ?? '/')}`;
  const { final, hops } = await browser.follow(start, { headers: { accept: 'text/html' } });
  expect(final.status, `login page (${final.url}): ${final.body.slice(0, 300)}`).to.equal(200);
  return { page: final, hops };
}

/** Pick a demo account on the login page; follow the redirects back through the gateway's callback. */
export async function submitLogin(browser: Browser, page: Answer, username: string): Promise<{ final: Answer; hops: Answer[] }> {
  const form = formsOf(page.body).find((f) => f.fields.username === username);
  if (!form) throw new Error(`no account ${username} on the login page`);
  const action = new URL(form.action, page.url).href;
  return browser.follow(action, { form: form.fields, headers: { accept: 'text/html' } });
}

/** The whole code flow as a person does it: deep link, pick the account, land on the page. */
export async function signIn(
  browser: Browser,
  gatewayUrl: string,
  username: string,
  options: { portal?: string; returnTo?: string } = {},
): Promise<{ final: Answer; hops: Answer[] }> {
  const { page } = await toLoginPage(browser, gatewayUrl, options);
  return submitLogin(browser, page, username);
}

/** Signed in through the reverse proxy from the VPN pool, /api/me answering. */
export async function signedIn(
  gatewayUrl: string,
  username: string,
  options: { portal?: string; clientAddress?: string } = {},
): Promise<{ browser: Browser; me: Record<string, unknown> & { csrfToken: string; id: string } }> {
  const browser = Browser.behindProxy(options.clientAddress ?? NETWORK.vpnClient);
  const { final } = await signIn(browser, gatewayUrl, username, { portal: options.portal });
  expect(final.status, final.body.slice(0, 500)).to.equal(200);
  const me = await browser.request(`${gatewayUrl}/api/me`);
  expect(me.status, me.body).to.equal(200);
  return { browser, me: me.json() };
}

export const problemCode = (answer: Answer): string | undefined => {
  if ((answer.header('content-type') ?? '').includes('json')) return answer.json<{ code?: string }>().code;
  return /data-problem-code="([^"]+)"/.exec(answer.body)?.[1];
};

/** Pick the account and follow the identity provider's redirects, stopping before the gateway's callback is requested. */
export async function loginUntilCallback(browser: Browser, page: Answer, username: string, gatewayUrl: string): Promise<string> {
  const form = formsOf(page.body).find((f) => f.fields.username === username)!;
  let answer = await browser.request(new URL(form.action, page.url).href, { form: form.fields, headers: { accept: 'text/html' } });
  for (let hop = 0; hop < 10; hop += 1) {
    const location = answer.header('location');
    if (!location) throw new Error(`no redirect from ${answer.url}: ${answer.status} ${answer.body.slice(0, 200)}`);
    const next = new URL(location, answer.url).href;
    if (next.startsWith(`${gatewayUrl}/sso/`)) return next;
    answer = await browser.request(next, { headers: { accept: 'text/html' } });
  }
  throw new Error('the identity provider never sent the browser back');
}
