// Pure rendering of the web app's screens: data in, HTML text out, every
// value escaped. No DOM here, so the tests run it in Node.

/** GET /api/me, as the gateway answers it. */
export interface Me {
  id: string;
  name: string;
  agency: { id: string; name: string };
  unit?: { id?: string; name?: string };
  title?: string;
  roles: { role: string; agencyId: string }[];
  apps: string[];
  entitled: boolean;
  portal: { id: string; name: string };
  network: { zone: string; zones: string[]; address: string };
  session: { signedInAt: string; idleExpiresAt: string; absoluteExpiresAt: string };
  csrfToken: string;
}

export interface Problem {
  code: string;
  title: string;
  detail?: string;
}

export interface PortalLink {
  id: string;
  name: string;
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const ZONES: Record<string, string> = { intranet: '機關內部網路', vpn: 'SSL-VPN', internet: '網際網路' };
export const zoneLabel = (zone: string): string => ZONES[zone] ?? (zone.startsWith('onsite-') ? '機關現場網路' : zone);

const ROLES: Record<string, string> = {
  employee: '一般人員',
  'unit-supervisor': '單位主管',
  'attendance-manager': '差勤管理者',
  'agency-admin': '機關管理員',
  'system-admin': '系統管理者',
};
export const roleLabel = (role: string): string => ROLES[role] ?? role;

const APPS: Record<string, string> = { webitr: 'WebITR 差勤系統', 'webitr-edu': 'WebITR 差勤系統（學校用）' };
export const appLabel = (app: string): string => APPS[app] ?? app;

/** The pages of the app; a deep link from the portal tile lands on one of them. */
export const PAGES: Record<string, { title: string; body: string }> = {
  '/': { title: '首頁', body: '請由上方選單選擇作業。' },
  '/leave/apply': { title: '差假申請', body: '選擇假別並填寫日期時間、職務代理人與事由後送出表單。送出表單後，記得通知代理人上網同意。' },
  '/leave/requests': { title: '申請案件', body: '您申請中與已決行的差假。申請中的假單可以撤回。' },
  '/approvals': { title: '批核案件', body: '等待您批核的差假申請。' },
};

export function pageFor(path: string): { title: string; body: string } {
  return PAGES[path.replace(/\/+$/, '') || '/'] ?? { title: '找不到此頁面', body: '網址可能有誤，請由選單重新選擇。' };
}

const formatTime = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  // ROC (民國) year, as people here read dates.
  return `${d.getFullYear() - 1911}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function renderSignedIn(me: Me, path: string): string {
  const page = pageFor(path);
  const unit = me.unit?.name ? `${me.unit.name}${me.title ? ` ${me.title}` : ''}` : (me.title ?? '');
  const roles = me.roles.length
    ? me.roles.map((r) => `<span class="badge">${escapeHtml(roleLabel(r.role))}</span>`).join('')
    : `<span class="badge">${roleLabel('employee')}</span>`;
  const apps = me.apps.length
    ? me.apps.map((a) => `<span class="badge">${escapeHtml(appLabel(a))}</span>`).join('')
    : '<span class="badge warn">尚未開通</span>';
  const notEntitled = me.entitled
    ? ''
    : `<p class="badge warn">您尚未獲授權使用差勤系統，請洽${escapeHtml(me.agency.name)}的系統管理師（機關管理員）在「可用系統」為您勾選。</p>`;
  return `
<h1 id="page-title">${escapeHtml(page.title)}</h1>
<p class="greeting"><strong id="person-name">${escapeHtml(me.name)}</strong> 您好</p>
${notEntitled}
<p>${escapeHtml(page.body)}</p>
<h2>登入資訊</h2>
<dl class="person">
  <dt>機關</dt><dd id="person-agency">${escapeHtml(me.agency.name)}</dd>
  <dt>單位</dt><dd id="person-unit">${escapeHtml(unit || '—')}</dd>
  <dt>角色</dt><dd>${roles}</dd>
  <dt>可用系統</dt><dd id="person-apps">${apps}</dd>
  <dt>連線網路</dt><dd id="person-zone">${escapeHtml(zoneLabel(me.network.zone))}（${escapeHtml(me.network.address)}）</dd>
  <dt>登入入口</dt><dd>${escapeHtml(me.portal.name)}</dd>
  <dt>登入時間</dt><dd>${escapeHtml(formatTime(me.session.signedInAt))}，最遲 ${escapeHtml(formatTime(me.session.absoluteExpiresAt))} 需重新登入</dd>
</dl>
<p class="actions">
  <button type="button" id="sign-out">登出</button>
  <button type="button" class="secondary" id="end-all">登出所有裝置</button>
</p>`;
}

export function renderSignedOut(portals: readonly PortalLink[], path: string, problem?: Problem): string {
  const returnTo = encodeURIComponent(path);
  const links = portals
    .map((p) => `<a class="button" href="/sso/${encodeURIComponent(p.id)}?return_to=${returnTo}">經由${escapeHtml(p.name)}登入</a>`)
    .join('');
  return `
<h1>${escapeHtml(problem?.title ?? '請先登入')}</h1>
<p class="detail">${escapeHtml(problem?.detail ?? '請由入口網的「WebITR 差勤系統」進入，或由下列入口網登入。')}</p>
<p class="actions">${links}</p>
${problem ? `<p class="code">代碼：<code>${escapeHtml(problem.code)}</code></p>` : ''}`;
}

export function renderProblem(problem: Problem): string {
  return `
<h1>${escapeHtml(problem.title)}</h1>
${problem.detail ? `<p class="detail">${escapeHtml(problem.detail)}</p>` : ''}
<p class="code">代碼：<code>${escapeHtml(problem.code)}</code></p>`;
}
