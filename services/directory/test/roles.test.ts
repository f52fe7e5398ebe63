import { expect } from 'chai';
import { client, demo, person, service, startTestDirectory } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('roles: grant and revoke, each in the change log (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const gateway = service('gateway');
  const admin = demo.schoolAdmin;

  before(async () => {
    directory = await startTestDirectory('directory-roles');
    api = client(directory.url);
  });
  after(() => directory?.stop());

  interface Entry {
    action: string;
    actor: { kind: string; id: string; name?: string };
    ip?: string;
    zone?: string;
    agencyIds: string[];
    personId?: string;
    changes: string[];
    before?: { roles?: string[] };
    after?: { roles?: string[] };
  }
  const roleEntries = async (personId: string) =>
    ((await api.get(admin, `/people/${personId}/change-log?pageSize=200`)).body.items as Entry[])
      .filter((e) => e.action.startsWith('role.'))
      .reverse();
  const grantedRoles = async (personId: string) =>
    ((await api.get(gateway, `/internal/people/${personId}`)).body.roles as { role: string }[]).map((r) => r.role);

  it('grants a role: the person holds it at once and role.granted records who, from where, before and after', async () => {
    expect(await roleEntries('demo-teacher')).to.deep.equal([]);
    const res = await api.put(admin, '/people/demo-teacher/roles/attendance-manager');
    expect(res.status).to.equal(200);
    expect(res.body.roles).to.deep.equal([{ role: 'attendance-manager', agencyId: 'KH-GUANGHUA-ES' }]);
    expect(await grantedRoles('demo-teacher')).to.include('attendance-manager');
    const entries = await roleEntries('demo-teacher');
    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({
      action: 'role.granted',
      actor: { kind: 'person', id: 'demo-school-admin', name: '黃建華' },
      ip: '10.20.30.40',
      zone: 'intranet',
      agencyIds: ['KH-GUANGHUA-ES'],
      personId: 'demo-teacher',
      changes: ['roles'],
      before: { roles: [] },
      after: { roles: ['attendance-manager@KH-GUANGHUA-ES'] },
    });
  });

  it('granting a role already held changes nothing and logs nothing', async () => {
    const res = await api.put(admin, '/people/demo-teacher/roles/attendance-manager');
    expect(res.status).to.equal(200);
    expect((await roleEntries('demo-teacher')).map((e) => e.action)).to.deep.equal(['role.granted']);
  });

  it('revokes it: the person loses it at once and role.revoked records who, from where, before and after', async () => {
    const fromHome = { ...person('demo-school-admin', 'KH-GUANGHUA-ES', 'agency-admin'), zone: 'vpn', ip: '172.16.5.9' };
    const res = await api.delete(fromHome, '/people/demo-teacher/roles/attendance-manager');
    expect(res.status).to.equal(200);
    expect(res.body.roles).to.deep.equal([]);
    expect(await grantedRoles('demo-teacher')).not.to.include('attendance-manager');
    const entries = await roleEntries('demo-teacher');
    expect(entries.map((e) => e.action)).to.deep.equal(['role.granted', 'role.revoked']);
    expect(entries[1]).to.deep.include({
      actor: { kind: 'person', id: 'demo-school-admin', name: '黃建華' },
      ip: '172.16.5.9',
      zone: 'vpn',
      agencyIds: ['KH-GUANGHUA-ES'],
      changes: ['roles'],
      before: { roles: ['attendance-manager@KH-GUANGHUA-ES'] },
      after: { roles: [] },
    });
  });

  it('keeps the other roles in before and after when one of several changes', async () => {
    await api.put(admin, '/people/demo-personnel/roles/agency-admin');
    await api.delete(admin, '/people/demo-personnel/roles/attendance-manager');
    const entries = (await roleEntries('demo-personnel')).slice(-2);
    expect(entries.map((e) => [e.action, e.before?.roles, e.after?.roles])).to.deep.equal([
      ['role.granted', ['attendance-manager@KH-GUANGHUA-ES'], ['attendance-manager@KH-GUANGHUA-ES', 'agency-admin@KH-GUANGHUA-ES']],
      ['role.revoked', ['attendance-manager@KH-GUANGHUA-ES', 'agency-admin@KH-GUANGHUA-ES'], ['agency-admin@KH-GUANGHUA-ES']],
    ]);
  });

  it('refuses the system administrator role to an agency administrator, and logs nothing', async () => {
    const res = await api.put(admin, '/people/demo-teacher/roles/system-admin');
    expect([res.status, res.body.code]).to.deep.equal([403, 'ROLE_REQUIRED']);
    expect((await roleEntries('demo-teacher')).map((e) => e.action)).to.deep.equal(['role.granted', 'role.revoked']);
  });

  it('finds the role changes by actor and action across agencies (system administrators)', async () => {
    const byActor = await api.get(demo.cityAdmin, '/change-log?actorId=demo-school-admin&action=role.revoked');
    expect(byActor.body.items.map((e: Entry) => e.personId).sort()).to.deep.equal(['demo-personnel', 'demo-teacher']);
  });
});
