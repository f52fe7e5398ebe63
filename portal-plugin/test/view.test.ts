import { expect } from 'chai';
import { escapeHtml, pageFor, renderSignedIn, renderSignedOut } from '../src/web/view.ts';
import type { Me } from '../src/web/view.ts';

const me: Me = {
  id: 'P1',
  name: '陳怡君',
  agency: { id: 'KH-GUANGHUA-ES', name: '高雄市立光華國民小學' },
  unit: { id: 'U1', name: '教務處' },
  title: '導師',
  roles: [{ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' }],
  apps: ['webitr-edu'],
  entitled: true,
  portal: { id: 'kh-edu', name: '高雄市教育局資訊服務入口' },
  network: { zone: 'vpn', zones: ['vpn', 'intranet'], address: '10.250.0.7' },
  session: {
    signedInAt: '2024-08-20T00:00:00.000Z',
    idleExpiresAt: '2024-08-20T00:30:00.000Z',
    absoluteExpiresAt: '2024-08-20T10:00:00.000Z',
  },
  csrfToken: 't',
};

describe('portal-plugin views', () => {
  it('shows the person, agency, unit, zone and apps on the deep-linked page', () => {
    const html = renderSignedIn(me, '/leave/apply');
    expect(html).to.contain('<h1 id="page-title">差假申請</h1>');
    expect(html).to.contain('陳怡君').and.contain('高雄市立光華國民小學').and.contain('教務處 導師');
    expect(html).to.contain('SSL-VPN（10.250.0.7）').and.contain('WebITR 差勤系統（學校用）').and.contain('差勤管理者');
    expect(html).to.match(/登入時間<\/dt><dd>113-08-20 /); // ROC (民國) year
  });

  it('escapes every value it shows', () => {
    const html = renderSignedIn({ ...me, name: '<img src=x onerror=alert(1)>' }, '/');
    expect(html).to.not.contain('<img');
    expect(html).to.contain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`"'&`)).to.equal('&quot;&#39;&amp;');
  });

  it('says who grants the app when it is not granted', () => {
    expect(renderSignedIn({ ...me, apps: [], entitled: false }, '/'))
      .to.contain('請洽高雄市立光華國民小學的系統管理師')
      .and.contain('尚未開通');
  });

  it('offers sign-in through each portal, returning to the page asked for', () => {
    const html = renderSignedOut([{ id: 'kh-edu', name: '高雄市教育局資訊服務入口' }], '/leave/apply');
    expect(html).to.contain('href="/sso/kh-edu?return_to=%2Fleave%2Fapply"');
  });

  it('knows the deep-link pages and says so for others', () => {
    expect(pageFor('/approvals/').title).to.equal('批核案件');
    expect(pageFor('/nope').title).to.equal('找不到此頁面');
  });
});
