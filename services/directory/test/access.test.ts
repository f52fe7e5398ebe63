import { expect } from 'chai';
import { call, client, demo, person, service, startTestDirectory } from './helpers.ts';
import type { Caller, TestDirectory } from './helpers.ts';

describe('who may administer what (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  let unitId: string;
  const gateway = service('gateway');

  before(async () => {
    directory = await startTestDirectory('directory-access');
    api = client(directory.url);
    unitId = (await directory.ctx.models.Unit.findOne({ agencyId: 'KH-GUANGHUA-ES', name: '教務處' }).lean())!._id;
  });
  after(() => directory?.stop());

  /** Every administration route of the OpenAPI document, with its path parameters filled in. */
  async function administrationRoutes(): Promise<{ method: string; path: string }[]> {
    const doc = (await (await fetch(`${directory.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-webitr-access': string }>>;
    };
    const values: Record<string, string> = {
      agencyId: 'KH-GUANGHUA-ES',
      personId: 'demo-teacher',
      unitId,
      app: 'webitr',
      role: 'agency-admin',
    };
    return Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation['x-webitr-access'] === 'admin')
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!) })),
    );
  }

  it('refuses an employee on every administration route with ADMIN_ROLE_REQUIRED, and nothing changes', async () => {
    const routes = await administrationRoutes();
    expect(routes.length).to.be.greaterThanOrEqual(27);
    const before = await api.get(gateway, '/internal/people/demo-teacher');
    for (const route of routes) {
      for (const caller of [demo.teacher, demo.staff]) {
        const res = await (route.method === 'GET' || route.method === 'DELETE'
          ? api[route.method === 'GET' ? 'get' : 'delete'](caller, route.path)
          : api[route.method.toLowerCase() as 'post' | 'put' | 'patch'](caller, route.path, {
              name: '改名',
              apps: ['webitr'],
              personIds: ['demo-teacher'],
              toAgencyId: 'TP-DOIT',
            }));
        expect(res.status, `${route.method} ${route.path}`).to.equal(403);
        expect(res.body.code, `${route.method} ${route.path}`).to.equal('ADMIN_ROLE_REQUIRED');
      }
    }
    const after = await api.get(gateway, '/internal/people/demo-teacher');
    expect(after.body).to.deep.equal(before.body);
    expect(await directory.ctx.models.ChangeLog.countDocuments({ actorId: { $in: ['demo-teacher', 'demo-staff'] } })).to.equal(0);
  });

  it("names the gateway's public path as a problem's instance only on a request the gateway asserted", async () => {
    const headers = { 'x-webitr-public-path': '/api/directory/people/nobody' };
    const asPerson = await call(directory.url, demo.schoolAdmin, 'GET', '/people/nobody', undefined, { headers });
    expect(asPerson.body).to.include({ code: 'PERSON_NOT_FOUND', instance: '/api/directory/people/nobody' });
    // A service's call, or no assertion at all: the header is anyone's, so the service's own path.
    const asService = await call(directory.url, gateway, 'GET', '/internal/people/nobody', undefined, { headers });
    expect(asService.body).to.include({ code: 'PERSON_NOT_FOUND', instance: '/internal/people/nobody' });
    const anonymous = await call(directory.url, undefined, 'GET', '/people/nobody', undefined, { headers });
    expect(anonymous.body).to.include({ code: 'ASSERTION_MISSING', instance: '/people/nobody' });
    const garbage = await call(directory.url, demo.schoolAdmin, 'GET', '/people/nobody', undefined, {
      headers: { 'x-webitr-public-path': 'javascript:alert(1)' },
    });
    expect(garbage.body.instance).to.equal('/people/nobody');
  });

  it('refuses a service assertion on administration routes (a person must act)', async () => {
    const res = await api.get(gateway, '/people/demo-teacher');
    expect(res.status).to.equal(403);
    expect(res.body.code).to.equal('PERSON_REQUIRED');
  });

  it('refuses an agency administrator everything outside their agency with OUTSIDE_AGENCY', async () => {
    const admin = demo.schoolAdmin;
    const attempts: [string, () => Promise<{ status: number; body: { code: string } }>][] = [
      ['search', () => api.post(admin, '/agencies/TP-DOIT/people/search', {})],
      ['read', () => api.get(admin, '/people/demo-staff')],
      ['update', () => api.patch(admin, '/people/demo-staff', { title: '被改了' })],
      ['full national ID', () => api.post(admin, '/people/demo-staff/national-id', { reason: '核對' })],
      ['grant app', () => api.put(admin, '/people/demo-staff/apps/webitr-edu')],
      ['revoke app', () => api.delete(admin, '/people/demo-staff/apps/webitr')],
      ['bulk grant', () => api.post(admin, '/agencies/TP-DOIT/entitlements/grant', { personIds: ['demo-staff'], apps: ['webitr-edu'] })],
      ['create person', () => api.post(admin, '/agencies/TP-DOIT/people', { nationalId: 'B123456780', name: '外人', jobCategory: '職員' })],
      ['separate', () => api.post(admin, '/people/demo-staff/separate', { reason: '離職' })],
      ['suspend', () => api.post(admin, '/people/demo-staff/suspend', {})],
      ['grant role', () => api.put(admin, '/people/demo-staff/roles/agency-admin')],
      ['transfer out of theirs', () => api.post(admin, '/people/demo-staff/transfer', { toAgencyId: 'KH-GUANGHUA-ES' })],
      ['transfer into another', () => api.post(admin, '/people/demo-teacher/transfer', { toAgencyId: 'TP-DOIT' })],
      ['change log', () => api.get(admin, '/agencies/TP-DOIT/change-log')],
      ['person change log', () => api.get(admin, '/people/demo-staff/change-log')],
      ['export', () => api.get(admin, '/agencies/TP-DOIT/people/export')],
      ['import', () => api.post(admin, '/agencies/TP-DOIT/people/import', Buffer.from('身分證字號,姓名,職務類別\nB123456780,外人,職員\n'))],
      ['default apps', () => api.put(admin, '/agencies/TP-DOIT/default-apps', { apps: ['webitr-edu'] })],
      ['units', () => api.get(admin, '/agencies/TP-DOIT/units')],
      ['create unit', () => api.post(admin, '/agencies/TP-DOIT/units', { name: '新單位' })],
      ['agency', () => api.get(admin, '/agencies/TP-DOIT')],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect(res.status, what).to.equal(403);
      expect(res.body.code, what).to.equal('OUTSIDE_AGENCY');
    }
    const staff = await api.get(gateway, '/internal/people/demo-staff');
    expect(staff.body).to.include({ status: 'active', title: '專員', agencyId: 'TP-DOIT' });
    expect(staff.body.apps).to.deep.equal(['webitr']);
    expect(await directory.ctx.models.Person.countDocuments({ agencyId: 'TP-DOIT' })).to.equal(3);
    // ...and inside it, the same administrator may.
    expect((await api.get(admin, '/people/demo-teacher')).status).to.equal(200);
    expect((await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', {})).status).to.equal(200);
  });

  it('does not let the administrator of a parent agency act inside a school below it', async () => {
    const bureauAdmin: Caller = person('someone-at-kh-edu', 'KH-EDU', 'agency-admin');
    const res = await api.get(bureauAdmin, '/people/demo-teacher');
    expect(res.status).to.equal(403);
    expect(res.body.code).to.equal('OUTSIDE_AGENCY');
  });

  it('lets an attendance manager keep 基本資料 (people, units, import) but not apps, roles, the log, or an administrator’s account', async () => {
    expect((await api.post(demo.personnel, '/agencies/KH-GUANGHUA-ES/people/search', {})).status).to.equal(200);
    expect((await api.post(demo.personnel, '/people/demo-teacher/national-id', { reason: '核對保險資料' })).status).to.equal(200);
    // 基本資料維護 (seed 001, 5-3): add a person, edit, 留職停薪, 離職, the unit tree, a CSV import.
    const created = await api.post(demo.personnel, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'E221098767',
      name: '人事新增',
      jobCategory: '職員',
      unitId,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.apps).to.deep.equal(['webitr-edu']);
    const id = created.body.id as string;
    expect((await api.patch(demo.personnel, `/people/${id}`, { title: '幹事' })).body.title).to.equal('幹事');
    expect((await api.post(demo.personnel, `/people/${id}/suspend`, {})).body.status).to.equal('leave-without-pay');
    expect((await api.post(demo.personnel, `/people/${id}/separate`, { reason: '辭職' })).body.status).to.equal('separated');
    expect((await api.post(demo.personnel, '/agencies/KH-GUANGHUA-ES/units', { name: '人事新單位' })).status).to.equal(201);
    const csv = Buffer.from('身分證字號,姓名,職務類別,職稱,可用系統\nE221098767,人事新增,職員,組員,webitr-edu\n');
    const imported = await api.post(demo.personnel, '/agencies/KH-GUANGHUA-ES/people/import', csv);
    expect(imported.body.rows[0], JSON.stringify(imported.body)).to.include({ outcome: 'updated' });
    expect((await api.get(demo.personnel, `/people/${id}`)).body.title).to.equal('組員');

    // Not 可用系統 (nor apps beyond the agency's defaults by other doors), roles, the change log, or an administrator's account.
    for (const [what, attempt, code] of [
      ['grant an app', () => api.put(demo.personnel, '/people/demo-teacher/apps/webitr'), 'ROLE_REQUIRED'],
      ['grant a role', () => api.put(demo.personnel, '/people/demo-teacher/roles/attendance-manager'), 'ROLE_REQUIRED'],
      ['read the change log', () => api.get(demo.personnel, '/agencies/KH-GUANGHUA-ES/change-log'), 'ROLE_REQUIRED'],
      ['default apps', () => api.put(demo.personnel, '/agencies/KH-GUANGHUA-ES/default-apps', { apps: ['webitr'] }), 'ROLE_REQUIRED'],
      [
        'create with an extra app',
        () =>
          api.post(demo.personnel, '/agencies/KH-GUANGHUA-ES/people', {
            nationalId: 'E121098765',
            name: '多給',
            jobCategory: '職員',
            apps: ['webitr'],
          }),
        'ROLE_REQUIRED',
      ],
      [
        'edit the administrator',
        () => api.patch(demo.personnel, '/people/demo-school-admin', { email: 'mine@guanghua.demo' }),
        'ROLE_REQUIRED',
      ],
      [
        'separate the administrator',
        () => api.post(demo.personnel, '/people/demo-school-admin/separate', { reason: '離職' }),
        'ROLE_REQUIRED',
      ],
    ] as const) {
      const res = await attempt();
      expect([res.status, res.body.code], what).to.deep.equal([403, code]);
    }
    const extra = Buffer.from('身分證字號,姓名,職務類別,可用系統\nE221098767,人事新增,職員,webitr\nE121098765,多給,職員,webitr\n');
    const rows = (await api.post(demo.personnel, '/agencies/KH-GUANGHUA-ES/people/import', extra)).body.rows as {
      outcome: string;
      errors: { field: string }[];
    }[];
    expect(rows.map((r) => [r.outcome, r.errors[0]?.field])).to.deep.equal([
      ['failed', '可用系統'],
      ['failed', '可用系統'],
    ]);
    const admin = await api.get(gateway, '/internal/people/demo-school-admin');
    expect(admin.body).to.include({ email: 'admin@guanghua.demo', status: 'active' });
    expect((await api.get(gateway, '/internal/people/demo-teacher')).body.apps).to.deep.equal(['webitr-edu']);
  });

  it('lets only system administrators create agencies, read every log, and make system administrators', async () => {
    const create = { id: 'KH-NEW-ES', name: '高雄市立新國小', level: 'school', parentId: 'KH-EDU', defaultApps: ['webitr-edu'] };
    const refused = await api.post(demo.schoolAdmin, '/agencies', create);
    expect([refused.status, refused.body.code]).to.deep.equal([403, 'ROLE_REQUIRED']);
    expect((await api.get(demo.schoolAdmin, '/change-log')).body.code).to.equal('ROLE_REQUIRED');
    const sysAdmin = await api.put(demo.schoolAdmin, '/people/demo-teacher/roles/system-admin');
    expect([sysAdmin.status, sysAdmin.body.code]).to.deep.equal([403, 'ROLE_REQUIRED']);

    expect((await api.post(demo.cityAdmin, '/agencies', create)).status).to.equal(201);
    expect((await api.get(demo.cityAdmin, '/change-log?action=agency.created')).body.items[0]).to.include({
      action: 'agency.created',
      targetId: 'KH-NEW-ES',
    });
    // A system administrator acts in every agency.
    expect((await api.put(demo.cityAdmin, '/people/demo-teacher/apps/webitr')).status).to.equal(200);
    expect((await api.put(demo.schoolAdmin, '/people/demo-teacher/roles/attendance-manager')).status).to.equal(200);
    const roles = (await api.get(gateway, '/internal/people/demo-teacher')).body.roles;
    expect(roles).to.deep.include({ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' });
  });
});
