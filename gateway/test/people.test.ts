import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { Browser } from './support/browser.ts';
import { problemCode, signIn, signedIn } from './support/flows.ts';
import { CLIENT_SECRET, NETWORK, STRANGER, freshNationalId, portalConfigs, startIdp, startTestGateway } from './support/world.ts';
import type { IdpHandle, TestGateway } from './support/world.ts';
import { gatewayClients } from '@webitr/dev-identity-provider';
import type { DevIdpAccount } from '@webitr/dev-identity-provider';
import type { AuditEntry } from '../src/audit.ts';

/** Portal accounts the directory learns about in these tests. */
const NEWCOMER: DevIdpAccount = {
  username: 'newcomer',
  password: 'demo',
  name: '新進甲',
  email: 'newcomer@portal-only.demo',
  nationalId: freshNationalId(),
};
const ON_LEAVE: DevIdpAccount = {
  username: 'on-leave',
  password: 'demo',
  name: '留停乙',
  email: 'on-leave@guanghua.demo',
  nationalId: freshNationalId(),
};
const LEAVING: DevIdpAccount = {
  username: 'leaving',
  password: 'demo',
  name: '將留停丙',
  email: 'leaving@guanghua.demo',
  nationalId: freshNationalId(),
};

describe('who a portal account is: linking by portal subject, and people who are not active', function () {
  this.timeout(60_000);
  let idp: IdpHandle;
  let gateway: TestGateway;
  let url: string;
  let admin: Awaited<ReturnType<typeof signedIn>>;

  before(async () => {
    idp = await startIdp([STRANGER, NEWCOMER, ON_LEAVE, LEAVING]);
    // A third portal that links people by its own account id (sub) alone, as the directory records it.
    const portals = [
      ...portalConfigs(idp.issuer),
      {
        id: 'kh-sub',
        name: '高雄市教育局單一帳號',
        issuer: idp.issuer,
        clientId: 'webitr-kh-sub',
        clientSecret: CLIENT_SECRET,
        scopes: ['openid'],
        linkBy: 'sub' as const,
        nationalIdClaim: 'national_id',
        agencies: ['KH-GUANGHUA-ES'],
      },
    ];
    gateway = await startTestGateway({ portals });
    idp.attach(gatewayClients(gateway.url, portals));
    url = gateway.url;
    admin = await signedIn(url, 'school-admin', { clientAddress: NETWORK.intranetClient });
  });

  after(async () => {
    await gateway?.close();
    await idp?.close();
  });

  /** 新增員工 through the gateway, as the school's administrator does it. */
  async function addPerson(account: DevIdpAccount, extra: Record<string, unknown>): Promise<string> {
    const answer = await admin.browser.request(`${url}/api/directory/agencies/KH-GUANGHUA-ES/people`, {
      method: 'POST',
      json: { nationalId: account.nationalId, name: account.name, jobCategory: '教師', ...extra },
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(answer.status, answer.body).to.equal(201);
    return answer.json<{ id: string }>().id;
  }

  const audit = (filter: Record<string, unknown>) => gateway.gateway.audit.model.find(filter).sort({ at: -1 }).lean<AuditEntry[]>().exec();

  it('links a portal that identifies people by its account id (sub) to the person holding that portal identity, and nobody else', async () => {
    const id = await addPerson(NEWCOMER, { identities: [{ issuer: idp.issuer, subject: 'newcomer' }] });
    const { me } = await signedIn(url, 'newcomer', { portal: 'kh-sub' });
    expect(me).to.include({ id, name: '新進甲' });
    // The same account through the portal that links by e-mail: the directory has no such address.
    const byEmail = await signIn(Browser.behindProxy(NETWORK.vpnClient), url, 'newcomer', { portal: 'kh-edu' });
    expect(problemCode(byEmail.final)).to.equal('PERSON_NOT_FOUND');
    // Another account of the same portal is not linked to anyone.
    const other = await signIn(Browser.behindProxy(NETWORK.vpnClient), url, 'teacher', { portal: 'kh-sub' });
    expect(problemCode(other.final)).to.equal('PERSON_NOT_FOUND');
  });

  it('refuses a suspended person (留職停薪) at sign-in (PERSON_SUSPENDED), keeps no session and audits the refusal', async () => {
    const id = await addPerson(ON_LEAVE, { email: ON_LEAVE.email, status: 'leave-without-pay' });
    const browser = Browser.behindProxy(NETWORK.vpnClient);
    const { final } = await signIn(browser, url, 'on-leave');
    expect(final.status).to.equal(403);
    expect(problemCode(final)).to.equal('PERSON_SUSPENDED');
    expect(final.body).to.contain('留職停薪');
    expect(problemCode(await browser.request(`${url}/api/me`))).to.equal('UNAUTHENTICATED');
    const [entry] = await audit({ type: 'sign-in-refused', reason: 'PERSON_SUSPENDED' });
    expect(entry).to.include({ personId: id, portal: 'kh-edu' });
  });

  it('refuses a live session once the person is suspended (PERSON_SUSPENDED), and ends it (SESSION_REVOKED after)', async () => {
    const id = await addPerson(LEAVING, { email: LEAVING.email });
    const { browser } = await signedIn(url, 'leaving');
    const suspend = await admin.browser.request(`${url}/api/directory/people/${id}/suspend`, {
      method: 'POST',
      json: { reason: '育嬰留職停薪' },
      headers: { 'x-csrf-token': admin.me.csrfToken },
    });
    expect(suspend.status, suspend.body).to.equal(200);
    // The directory's event drops the gateway's cached person; the next request sees the new status.
    const refused = await eventually(async () => {
      const answer = await browser.request(`${url}/api/me`);
      return answer.status === 200 ? undefined : answer;
    }, 'the suspension to reach the gateway');
    expect(refused.status).to.equal(403);
    expect(problemCode(refused)).to.equal('PERSON_SUSPENDED');
    const after = await browser.request(`${url}/api/me`);
    expect(problemCode(after)).to.equal('SESSION_REVOKED');
    expect(after.body).to.contain('留職停薪');
  });
});
