import { expect } from 'chai';
import { Browser } from './support/browser.ts';
import { problemCode } from './support/flows.ts';
import { startRogueOp } from './support/rogue-op.ts';
import type { RogueMode } from './support/rogue-op.ts';
import { CLIENT_SECRET, NETWORK, startTestGateway } from './support/world.ts';
import type { TestGateway } from './support/world.ts';

describe('ID token checks: signature, issuer, audience, times, nonce, verified e-mail (a provider that hands out a wrong token)', function () {
  this.timeout(60_000);
  let op: Awaited<ReturnType<typeof startRogueOp>>;
  let gateway: TestGateway;

  before(async () => {
    op = await startRogueOp();
    gateway = await startTestGateway({
      portals: [
        {
          id: 'rogue',
          name: '測試入口網',
          issuer: op.issuer,
          clientId: 'webitr-rogue',
          clientSecret: CLIENT_SECRET,
          scopes: ['openid', 'email'],
          linkBy: 'email',
          nationalIdClaim: 'national_id',
          agencies: ['*'],
        },
      ],
    });
  });

  after(async () => {
    await gateway.close();
    await op.close();
  });

  async function signInWith(mode: RogueMode) {
    op.setMode(mode);
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { final } = await browser.follow(`${gateway.url}/sso/rogue?return_to=%2Fleave%2Fapply`, { headers: { accept: 'text/html' } });
    const me = await browser.request(`${gateway.url}/api/me`);
    return { final, me };
  }

  it('signs in when the token is right (the provider itself is sound)', async () => {
    const { final, me } = await signInWith('honest');
    expect(final.url).to.equal(`${gateway.url}/leave/apply`);
    expect(me.json<{ name: string }>().name).to.equal('陳怡君');
  });

  for (const [mode, code] of [
    ['wrong-nonce', 'SSO_NONCE_MISMATCH'],
    ['other-issuer', 'SSO_ISSUER_MISMATCH'],
    ['other-audience', 'SSO_AUDIENCE_MISMATCH'],
    ['expired', 'SSO_TOKEN_EXPIRED'],
    ['issued-in-future', 'SSO_TOKEN_NOT_YET_VALID'],
    ['unpublished-key', 'SSO_TOKEN_SIGNATURE_INVALID'],
    ['unpublished-kid', 'SSO_TOKEN_SIGNATURE_INVALID'],
    ['email-unverified', 'SSO_EMAIL_UNVERIFIED'],
    ['email-verified-missing', 'SSO_EMAIL_UNVERIFIED'],
  ] as const) {
    it(`refuses an ID token (${mode.replaceAll('-', ' ')}) with ${code}, keeps no session and audits the refusal`, async () => {
      const { final, me } = await signInWith(mode);
      expect(final.status).to.equal(401);
      expect(problemCode(final)).to.equal(code);
      expect(final.body).to.contain('入口網登入失敗');
      expect(problemCode(me)).to.equal('UNAUTHENTICATED');
      const entry = await gateway.gateway.audit.model.findOne({ type: 'sign-in-refused', reason: code }).lean().exec();
      expect(entry).to.include({ portal: 'rogue', address: NETWORK.vpnClient, zone: 'vpn' });
    });
  }

  it('verifies a token signed with a rotated key the provider publishes, fetching its key set again for the new key id', async () => {
    // The key set is cached since the first sign-in above (rogue-1 only). The library fetches it again for
    // a key id it does not hold, at most once a minute (so a stream of forged key ids cannot make it
    // hammer the portal). That minute is made to pass, as the gateway sees it, between the token
    // response and the key look-up; the clock is right again once the key set is fetched (the
    // directory, another process, checks the times of the gateway's assertions).
    const fetched = op.jwksFetches();
    const realNow = Date.now;
    op.hooks.tokenIssued = () => void (Date.now = () => realNow() + 61_000);
    op.hooks.jwksRequested = () => void (Date.now = realNow);
    try {
      const { final, me } = await signInWith('rotated');
      expect(final.url, /data-problem-code="([^"]+)"/.exec(final.body)?.[1]).to.equal(`${gateway.url}/leave/apply`);
      expect(me.json<{ name: string }>().name).to.equal('陳怡君');
    } finally {
      Date.now = realNow;
      delete op.hooks.tokenIssued;
      delete op.hooks.jwksRequested;
    }
    expect(op.jwksFetches()).to.equal(fetched + 1);
  });
});
