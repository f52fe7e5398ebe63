import { expect } from 'chai';
import { client, demo, service, startTestDirectory, validNationalId } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('代理人查詢: colleagues one may name as deputy (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const admin = demo.schoolAdmin;
  const names = (body: { items: { name: string }[] }) => body.items.map((p) => p.name);

  before(async () => {
    directory = await startTestDirectory('directory-colleagues');
    api = client(directory.url);
  });
  after(() => directory?.stop());

  it('lets an employee (no administration role) find the active people of their own agency, not themselves, with name, unit, title and id only', async () => {
    const res = await api.get(demo.teacher, '/colleagues');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const everyone = await directory.ctx.models.Person.find(
      { agencyId: 'KH-GUANGHUA-ES', status: 'active', _id: { $ne: 'demo-teacher' } },
      { name: 1 },
    ).lean();
    expect(res.body.total).to.equal(everyone.length);
    expect(res.body.items.map((p: { personId: string }) => p.personId)).to.have.members(everyone.map((p) => p._id));
    expect(res.body.items.map((p: { personId: string }) => p.personId)).not.to.include('demo-teacher');
    for (const item of res.body.items)
      expect(Object.keys(item)).to.satisfy((keys: string[]) =>
        keys.every((k) => ['personId', 'name', 'unitId', 'unitName', 'title'].includes(k)),
      );
    expect(res.body.items.find((p: { personId: string }) => p.personId === 'demo-director')).to.deep.include({
      name: '林志明',
      unitName: '教務處',
      title: '教務主任',
    });
    // Nothing personal: no national IDs (masked or not), no e-mail addresses.
    expect(res.raw.toString()).not.to.match(/[A-Z][12]\d{8}|[A-Z]\d{2}\*+\d{2}|@/);
  });

  it('searches by part of a name or of a unit name, or by unit', async () => {
    expect(names((await api.get(demo.teacher, `/colleagues?q=${encodeURIComponent('志明')}`)).body)).to.deep.equal(['林志明']);
    const academic = (await api.get(demo.teacher, `/colleagues?q=${encodeURIComponent('教務')}`)).body;
    expect(academic.items.length).to.be.greaterThan(0);
    expect(academic.items.every((p: { unitName?: string; name: string }) => p.unitName === '教務處' || p.name.includes('教務'))).to.equal(
      true,
    );
    const unit = (await directory.ctx.models.Unit.findOne({ agencyId: 'KH-GUANGHUA-ES', name: '人事室' }).lean())!;
    expect(names((await api.get(demo.teacher, `/colleagues?unitId=${unit._id}`)).body)).to.deep.equal(['王美玲']);
    expect((await api.get(demo.teacher, `/colleagues?q=${encodeURIComponent('.*')}`)).body.total).to.equal(0);
  });

  it('leaves out people who are separated or on 留職停薪, and people of other agencies', async () => {
    const suspended = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'B123456780',
      name: '停薪者',
      jobCategory: '職員',
    });
    const separated = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'C198765437',
      name: '離職者',
      jobCategory: '職員',
    });
    const active = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: validNationalId('D', 9),
      name: '在職者',
      jobCategory: '職員',
    });
    expect([suspended.status, separated.status, active.status]).to.deep.equal([201, 201, 201]);
    await api.post(admin, `/people/${suspended.body.id}/suspend`, { reason: '育嬰' });
    await api.post(admin, `/people/${separated.body.id}/separate`, { reason: '辭職' });
    const found = names((await api.get(demo.teacher, `/colleagues?q=${encodeURIComponent('者')}`)).body);
    expect(found).to.deep.equal(['在職者']);
    // Another agency's people are not there, whatever the query; theirs are theirs.
    expect(
      (await api.get(demo.teacher, `/colleagues?q=${encodeURIComponent('專員')}`)).body.items.map((p: { personId: string }) => p.personId),
    ).not.to.include('demo-staff');
    expect((await api.get(demo.teacher, '/colleagues?pageSize=50')).body.items.map((p: { personId: string }) => p.personId)).not.to.include(
      'demo-staff',
    );
    const fromTaipei = (await api.get(demo.staff, '/colleagues?pageSize=50')).body;
    expect(fromTaipei.items.map((p: { personId: string }) => p.personId)).to.have.members(['demo-city-admin', 'demo-section-chief']);
  });

  it('is paged and bounded, and for people only', async () => {
    const first = (await api.get(demo.teacher, '/colleagues?pageSize=2')).body;
    const second = (await api.get(demo.teacher, '/colleagues?pageSize=2&page=2')).body;
    expect(first.items).to.have.length(2);
    expect(second.items.map((p: { personId: string }) => p.personId)).not.to.include.members(
      first.items.map((p: { personId: string }) => p.personId),
    );
    expect(first.total).to.equal(second.total);
    const tooMany = await api.get(demo.teacher, '/colleagues?pageSize=51');
    expect([tooMany.status, tooMany.body.errors[0].field]).to.deep.equal([400, 'query.pageSize']);
    expect((await api.get(service('leave'), '/colleagues')).body.code).to.equal('PERSON_REQUIRED');
  });
});
