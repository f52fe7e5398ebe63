// One Debian Chromium for the whole test run (playwright-core, no browser
// download), and people in it: each person is a fresh browser context at a
// phone's or a desktop's size, signed in through the development identity
// provider as a demo account. Every page is watched for console errors, page
// errors and failed requests; expectClean(page) asserts there were none,
// checkA11y(page) runs axe, screenshot(page, name) saves a full-page PNG.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { CHROMIUM_PATH, ROOT } from '../../../scripts/lib/infra.ts';
import { ZONES, theSystem } from './system.ts';
import type { Zone } from './system.ts';

export type Viewport = 'phone' | 'desktop';
/** Every page is checked at both sizes. */
export const VIEWPORTS: readonly Viewport[] = ['phone', 'desktop'];

/** Screenshots of every run, one folder at the repository root (git-ignored; CI keeps it as an artefact). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts', 'screenshots');

/**
 * Not Asia/Taipei on purpose: the app must show Taipei's dates and times
 * whatever the browser's own time zone is.
 */
export const BROWSER_TIME_ZONE = 'America/Los_Angeles';

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;

let launched: Promise<Browser> | undefined;

/** The run's Chromium, launched by the first caller; closed by the root hook in hooks.ts. */
export function theBrowser(): Promise<Browser> {
  launched ??= chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return launched;
}

export async function closeTheBrowser(): Promise<void> {
  const browser = await launched?.catch(() => undefined);
  launched = undefined;
  await browser?.close();
}

/** What went wrong on a page, collected as it happens. */
interface Watch {
  viewport: Viewport;
  /** `[status, url]` of responses a test expects to be refusals (4xx). */
  expected: { status: number; url: RegExp | string }[];
  problems: { status?: number; url?: string; text: string }[];
}

const watches = new WeakMap<Page, Watch>();

/** Watches a page of the system; what happens on `ignoredOrigin` (the stand-in portal, not under test) is left out. */
function watch(page: Page, viewport: Viewport, ignoredOrigin: string): void {
  const w: Watch = { viewport, expected: [], problems: [] };
  watches.set(page, w);
  const ignored = (url: string) => url.startsWith(`${ignoredOrigin}/`);
  page.on('console', (message) => {
    const url = message.location().url;
    if (message.type() !== 'error' || ignored(url) || ignored(page.url())) return;
    // Chromium's own line for a response with an error status; the response itself is judged below.
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    w.problems.push({ status: status ? Number(status) : undefined, url, text: `console error: ${message.text()} (${url})` });
  });
  page.on('pageerror', (error) => {
    if (!ignored(page.url())) w.problems.push({ text: `page error on ${page.url()}: ${error.stack ?? error.message}` });
  });
  // A page's requests still in flight when the test navigates (goto, reload, a
  // link) are cancelled by Chromium with net::ERR_ABORTED: the browser leaving
  // the document, not the system failing. Each request remembers how many
  // main-frame navigations had started when it was sent; an abort after a
  // later one began is that cancellation. Any other failure, and an abort with
  // no navigation since, is still a problem.
  let navigations = 0;
  const sentAt = new WeakMap<Request, number>();
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations += 1;
    else sentAt.set(request, navigations);
  });
  page.on('requestfailed', (request) => {
    if (ignored(request.url())) return;
    const errorText = request.failure()?.errorText;
    if (errorText === 'net::ERR_ABORTED' && (sentAt.get(request) ?? navigations) < navigations) return;
    w.problems.push({ url: request.url(), text: `request failed: ${request.method()} ${request.url()} ${errorText}` });
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !ignored(response.url()))
      w.problems.push({
        status: response.status(),
        url: response.url(),
        text: `HTTP ${response.status()}: ${response.request().method()} ${response.url()}`,
      });
  });
}

function watchOf(page: Page): Watch {
  const w = watches.get(page);
  if (!w) throw new Error('this page was not opened through newPerson() or newVisitor(), so nothing watched it');
  return w;
}

/**
 * Tells the watchers that a refusal is what this test expects: a response of
 * `status` (4xx) whose URL contains `url` (or matches it), and Chromium's
 * console line about it, are not problems.
 */
export function expectRefusal(page: Page, status: number, url: RegExp | string): void {
  if (status < 400 || status >= 500) throw new Error(`only a 4xx can be an expected refusal, not ${status}`);
  watchOf(page).expected.push({ status, url });
}

/** Asserts that nothing went wrong on the page so far: no console or page error, no failed request, no unexpected 4xx, no 5xx. */
export function expectClean(page: Page): void {
  const { expected, problems } = watchOf(page);
  const isExpected = (p: Watch['problems'][number]) =>
    p.status !== undefined &&
    p.url !== undefined &&
    expected.some((e) => e.status === p.status && (typeof e.url === 'string' ? p.url!.includes(e.url) : e.url.test(p.url!)));
  const unexpected = problems.filter((p) => !isExpected(p)).map((p) => p.text);
  expect(unexpected, `problems on ${page.url()}:\n${unexpected.join('\n')}`).to.deep.equal([]);
}

/** The accessibility check: axe finds no serious or critical violation on the page as it is now. */
export async function checkA11y(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = grave.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s*\n\s*/g, '; ')}`).join('\n'),
  );
  expect(report, `accessibility violations on ${page.url()}:\n${report.join('\n')}`).to.deep.equal([]);
}

/** Saves a full-page PNG as test-artifacts/screenshots/<name>-<phone|desktop>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`a screenshot name is lower-case words joined by hyphens, not ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}-${watchOf(page).viewport}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface PersonOptions {
  viewport: Viewport;
  /** Where the requests come from (system.ts ZONES); the intranet unless said. */
  zone?: Zone;
  /** Where the gateway sends the person after signing in; `/` unless said. */
  returnTo?: string;
}

export interface Person {
  context: BrowserContext;
  /** The page the person is on, watched (expectClean). */
  page: Page;
  viewport: Viewport;
  /** Another watched tab of the same person (same cookies). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Someone who has not signed in: a fresh context on a blank watched page. */
export async function newVisitor(options: PersonOptions): Promise<Person> {
  const zone = options.zone ?? 'intranet';
  const system = await theSystem();
  const context = await (
    await theBrowser()
  ).newContext({
    ...SIZES[options.viewport],
    locale: 'zh-TW',
    timezoneId: BROWSER_TIME_ZONE,
    // See system.ts: the gateway trusts loopback as the school's reverse proxy, so this is where the visitor is.
    extraHTTPHeaders: zone === 'intranet' ? {} : { 'x-forwarded-for': ZONES[zone] },
  });
  const newPage = async () => {
    const page = await context.newPage();
    watch(page, options.viewport, system.identityProviderUrl);
    return page;
  };
  return { context, page: await newPage(), viewport: options.viewport, newPage, close: () => context.close() };
}

/** The portal a demo account signs in at: the city's employee portal for 臺北市 accounts, the education portal otherwise. */
export function portalOf(username: string): 'kh-edu' | 'tp-isw' {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}: one of ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
  return account.agencyId.startsWith('TP-') ? 'tp-isw' : 'kh-edu';
}

/**
 * A demo account signed in through its portal: the gateway's /sso link, the
 * account's button at the development identity provider, and back on the
 * gateway at `returnTo`. Whether the gateway let the person in is for the
 * test to see (a refused account ends on the refusal page).
 */
export async function newPerson(username: string, options: PersonOptions): Promise<Person> {
  const person = await newVisitor(options);
  const system = await theSystem();
  const { page } = person;
  const returnTo = options.returnTo ?? '/';
  await page.goto(system.url(`/sso/${portalOf(username)}?return_to=${encodeURIComponent(returnTo)}`));
  await signInAtPortal(page, username);
  return person;
}

/** On the development identity provider's sign-in page: picks the demo account and waits to be back on the gateway. */
export async function signInAtPortal(page: Page, username: string): Promise<void> {
  const system = await theSystem();
  await page.waitForURL(`${system.identityProviderUrl}/**`);
  // Each demo account is a button 「名字（username）」.
  await page.getByRole('button', { name: `（${username}）` }).click();
  await page.waitForURL(`${system.gatewayUrl}/**`);
  await page.waitForLoadState('networkidle');
}
