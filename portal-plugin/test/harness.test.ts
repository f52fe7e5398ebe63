// The browser-test harness itself: its checks must catch what they claim to
// (a journey passing proves nothing if expectClean or checkA11y never fail).
import { expect } from 'chai';
import { BROWSER_TIME_ZONE, checkA11y, expectClean, expectRefusal, newPerson, newVisitor } from './support/browser.ts';
import type { Person } from './support/browser.ts';
import { theSystem } from './support/system.ts';

/** Runs `check` and returns its assertion message, failing if it passed. */
async function failureOf(check: () => unknown): Promise<string> {
  try {
    await check();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the check passed, but it should have failed');
}

describe('the browser-test harness', function () {
  const people: Person[] = [];

  before(async function () {
    this.timeout(180_000);
    await theSystem();
  });

  afterEach(async () => {
    for (const person of people.splice(0)) await person.close();
  });

  const visitor = async () => {
    const person = await newVisitor({ viewport: 'desktop' });
    people.push(person);
    return person.page;
  };

  it('expectClean catches console errors and page errors', async () => {
    const page = await visitor();
    await page.setContent('<title>t</title><p>x</p>');
    const uncaught = page.waitForEvent('pageerror');
    await page.evaluate(() => {
      console.error('something broke');
      setTimeout(() => {
        throw new Error('uncaught in the page');
      });
    });
    await uncaught;
    const message = await failureOf(() => expectClean(page));
    expect(message).to.contain('console error: something broke').and.contain('page error').and.contain('uncaught in the page');
  });

  it('expectClean catches a 5xx and an unexpected 4xx from the system, but not a refusal the test expects', async () => {
    const system = await theSystem();
    const page = await visitor();
    // A 5xx cannot be had from a healthy system on demand: the browser is answered one in its place.
    await page.route(system.url('/api/broken'), (route) => route.fulfill({ status: 500, body: 'no' }));
    await page.goto(system.url('/api/broken'));
    await page.goto(system.url('/api/me')).catch(() => undefined);
    const message = await failureOf(() => expectClean(page));
    expect(message)
      .to.contain(`HTTP 500: GET ${system.url('/api/broken')}`)
      .and.contain(`HTTP 401: GET ${system.url('/api/me')}`);
    expectRefusal(page, 401, system.url('/api/me'));
    const still = await failureOf(() => expectClean(page));
    expect(still).to.contain('HTTP 500').and.not.contain('HTTP 401');
  });

  it('checkA11y reports a serious violation readably', async () => {
    const page = await visitor();
    await page.setContent('<html lang="zh-TW"><title>t</title><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>');
    const message = await failureOf(() => checkA11y(page));
    expect(message).to.contain('critical image-alt').and.contain('at img');
  });

  it('gives a person a browser in another time zone than Taipei, speaking zh-TW, at a phone size with touch', async () => {
    const person = await newPerson('teacher', { viewport: 'phone' });
    people.push(person);
    // Evaluated in the page (a string: these tests are type-checked without the DOM's types).
    const seen = await person.page.evaluate(
      `({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone, language: navigator.language, width: innerWidth, touch: navigator.maxTouchPoints > 0 })`,
    );
    expect(seen).to.deep.equal({ zone: BROWSER_TIME_ZONE, language: 'zh-TW', width: 390, touch: true });
    expect(BROWSER_TIME_ZONE).to.not.equal('Asia/Taipei');
    // Signed in: the gateway knows who this is.
    const me = await person.page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).to.have.property('name', '陳怡君');
  });

  it('presents each zone to the gateway: intranet, the school onsite, and outside every zone', async () => {
    const system = await theSystem();
    const zoneOf = async (zone: 'intranet' | 'onsite') => {
      const person = await newPerson('teacher', { viewport: 'desktop', zone });
      people.push(person);
      return person.page.evaluate(
        async () => ((await (await fetch('/api/me')).json()) as { network: { zone: string; address: string } }).network,
      );
    };
    expect(await zoneOf('intranet')).to.include({ zone: 'intranet', address: '127.0.0.1' });
    expect(await zoneOf('onsite')).to.include({ zone: 'onsite-kh-guanghua-es', address: '127.30.1.1' });
    const outsider = await newVisitor({ viewport: 'desktop', zone: 'outside' });
    people.push(outsider);
    const response = await outsider.page.request.get(system.url('/api/me'));
    expect(response.status()).to.equal(403);
    expect(await response.json()).to.include({ code: 'NETWORK_ZONE_REQUIRED' });
  });
});
