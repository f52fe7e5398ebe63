import { expect } from 'chai';
import { Broker, createEvent } from '@webitr/platform';
import { eventually, testUris } from '@webitr/testkit';
import { DEMO_ACCOUNTS, DEMO_AGENCIES, personSummarySchema, supervisorChainSchema } from '@webitr/contracts';
import * as seedDemo from '../src/usecases/seed-demo/index.ts';
import { personCacheKey } from '../src/usecases/shared/cache.ts';
import { client, demo, quietLogger, service, startTestDirectory } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('internal read API and the demo seed (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const gateway = service('gateway');

  before(async () => {
    directory = await startTestDirectory('directory-internal');
    api = client(directory.url);
  });
  after(() => directory?.stop());

  it('keeps its operations out of the public OpenAPI document and documents them for services at /internal/openapi.json', async () => {
    const publicDoc = (await (await fetch(`${directory.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(publicDoc.paths).filter((path) => path.startsWith('/internal'))).to.deep.equal([]);
    expect(publicDoc.paths).to.have.property('/people/{personId}');
    const internalDoc = await api.get(gateway, '/internal/openapi.json');
    expect(internalDoc.status).to.equal(200);
    expect(Object.keys(internalDoc.body.paths)).to.include.members([
      '/internal/people/lookup',
      '/internal/people/{personId}',
      '/internal/agencies/{agencyId}/people',
    ]);
    expect((await api.get(undefined, '/internal/openapi.json')).status).to.equal(401);
    expect((await api.get(demo.schoolAdmin, '/internal/openapi.json')).body.code).to.equal('SERVICE_ONLY');
  });

  it('seeds every demo agency and account, and seeding again creates nothing', async () => {
    const { Agency, Person, Unit } = directory.ctx.models;
    expect((await Agency.find().lean()).map((a) => a._id).sort()).to.deep.equal(DEMO_AGENCIES.map((a) => a.id).sort());
    expect(await Person.countDocuments()).to.equal(DEMO_ACCOUNTS.length);
    const units = await Unit.countDocuments();
    expect(await seedDemo.execute(directory.ctx)).to.deep.equal({ agencies: 0, units: 0, people: 0 });
    expect(await Person.countDocuments()).to.equal(DEMO_ACCOUNTS.length);
    expect(await Unit.countDocuments()).to.equal(units);
  });

  it('lists every agency, by id, to services only (the daily digest goes through them all)', async () => {
    const listed = await api.get(service('notification'), '/internal/agencies');
    expect(listed.status).to.equal(200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).to.deep.equal(DEMO_AGENCIES.map((a) => a.id).sort());
    expect(listed.body.items.find((a: { id: string }) => a.id === 'KH-GUANGHUA-ES')).to.include({
      name: DEMO_AGENCIES.find((a) => a.id === 'KH-GUANGHUA-ES')!.name,
    });
    expect((await api.get(demo.schoolAdmin, '/internal/agencies')).body.code).to.equal('SERVICE_ONLY');
  });

  it('finds every demo account by e-mail and by national ID, with its status, roles and apps', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const byEmail = await api.post(gateway, '/internal/people/lookup', { by: 'email', email: account.email.toUpperCase() });
      expect(byEmail.status, account.username).to.equal(200);
      const summary = personSummarySchema.parse(byEmail.body);
      expect(summary).to.include({
        id: `demo-${account.username}`,
        name: account.name,
        agencyId: account.agencyId,
        status: account.status,
      });
      expect(summary.apps).to.deep.equal([...account.apps]);
      expect(summary.unitName).to.equal(account.unit);
      const granted = summary.roles.filter((r) => !['employee', 'unit-supervisor'].includes(r.role)).map((r) => r.role);
      expect(granted).to.deep.equal([...account.roles]);
      const byId = await api.post(gateway, '/internal/people/lookup', { by: 'national-id', nationalId: account.nationalId });
      expect(byId.status).to.equal(200);
      expect(byId.body.id).to.equal(summary.id);
    }
  });

  it("derives the unit-supervisor role from the unit tree (the director heads 教務處, under the principal's 校長室)", async () => {
    const director = await api.get(gateway, '/internal/people/demo-director');
    expect(director.body.roles).to.deep.include({ role: 'unit-supervisor', agencyId: 'KH-GUANGHUA-ES' });
    const teacher = await api.get(gateway, '/internal/people/demo-teacher');
    expect(teacher.body.roles).to.deep.equal([{ role: 'employee', agencyId: 'KH-GUANGHUA-ES' }]);
    const chain = await api.get(gateway, '/internal/people/demo-teacher/supervisors');
    expect(supervisorChainSchema.parse(chain.body).chain.map((s) => [s.personId, s.name, s.unitName])).to.deep.equal([
      ['demo-director', '林志明', '教務處'],
      ['demo-principal', '蔡文雄', '校長室'],
    ]);
    // The director is not their own supervisor: the chain goes straight to the principal, who has none above.
    expect(
      (await api.get(gateway, '/internal/people/demo-director/supervisors')).body.chain.map((s: { personId: string }) => s.personId),
    ).to.deep.equal(['demo-principal']);
    expect((await api.get(gateway, '/internal/people/demo-principal/supervisors')).body.chain).to.deep.equal([]);
  });

  it('answers 404 PERSON_NOT_FOUND for an unknown person, e-mail, national ID or subject', async () => {
    for (const lookup of [
      { by: 'email', email: 'nobody@example.org' },
      { by: 'national-id', nationalId: 'B123456780' },
      { by: 'subject', issuer: 'https://portal.example.org', subject: 'nobody' },
    ]) {
      const res = await api.post(gateway, '/internal/people/lookup', lookup);
      expect(res.status, JSON.stringify(lookup)).to.equal(404);
      expect(res.body.code).to.equal('PERSON_NOT_FOUND');
    }
    expect((await api.get(gateway, '/internal/people/nobody')).body.code).to.equal('PERSON_NOT_FOUND');
  });

  it('finds a person by a linked portal identity (issuer + subject)', async () => {
    const issuer = 'https://portal.kh.edu.tw';
    const linked = await api.patch(demo.schoolAdmin, '/people/demo-teacher', { identities: [{ issuer, subject: 'tchr-001' }] });
    expect(linked.status).to.equal(200);
    const res = await api.post(gateway, '/internal/people/lookup', { by: 'subject', issuer, subject: 'tchr-001' });
    expect(res.status).to.equal(200);
    expect(res.body.id).to.equal('demo-teacher');
    // Another person cannot take the same identity.
    const taken = await api.patch(demo.schoolAdmin, '/people/demo-director', { identities: [{ issuer, subject: 'tchr-001' }] });
    expect(taken.status).to.equal(409);
    expect(taken.body.code).to.equal('IDENTITY_TAKEN');
  });

  it('serves summaries from Redis and drops them when the person changes', async () => {
    const { Person } = directory.ctx.models;
    await api.get(gateway, '/internal/people/demo-staff');
    expect(await directory.ctx.redis.get(personCacheKey('demo-staff'))).to.be.a('string');
    // A change that bypasses the service is not seen while the cached copy lives: the answer comes from Redis.
    await Person.updateOne({ _id: 'demo-staff' }, { $set: { title: '改過的職稱' } });
    expect((await api.get(gateway, '/internal/people/demo-staff')).body.title).to.equal('專員');
    // A change through the service drops the cached copy at once.
    const changed = await api.patch(demo.cityAdmin, '/people/demo-staff', { title: '科員' });
    expect(changed.status).to.equal(200);
    expect((await api.get(gateway, '/internal/people/demo-staff')).body.title).to.equal('科員');
  });

  it('drops cached summaries and chains on events another directory instance publishes (not only on its own writes)', async () => {
    const { Person, Unit } = directory.ctx.models;
    // Another instance's relay: its own connection to the broker, publishing as the directory.
    const other = new Broker({ url: testUris().amqp, namespace: directory.namespace, service: 'directory', logger: quietLogger() });
    try {
      // A person's details, changed by the other instance (here: straight in the database) and announced by its event.
      await api.get(gateway, '/internal/people/demo-principal');
      await Person.updateOne({ _id: 'demo-principal' }, { $set: { title: '代理校長' } });
      expect((await api.get(gateway, '/internal/people/demo-principal')).body.title).to.equal('校長');
      await other.publish(
        createEvent(
          'directory.person.changed',
          { personId: 'demo-principal', agencyId: 'KH-GUANGHUA-ES', changes: ['title'] },
          'directory',
        ),
      );
      await eventually(
        async () => ((await api.get(gateway, '/internal/people/demo-principal')).body.title === '代理校長' ? true : undefined),
        'the new title',
      );

      // An app granted by the other instance: the gateway's next check sees it.
      await api.get(gateway, '/internal/people/demo-no-app');
      await Person.updateOne({ _id: 'demo-no-app' }, { $set: { apps: ['webitr-edu'] } });
      expect((await api.get(gateway, '/internal/people/demo-no-app')).body.apps).to.deep.equal([]);
      await other.publish(
        createEvent(
          'directory.entitlement.granted',
          { personId: 'demo-no-app', agencyId: 'KH-GUANGHUA-ES', app: 'webitr-edu', actorId: 'demo-school-admin' },
          'directory',
        ),
      );
      await eventually(
        async () => ((await api.get(gateway, '/internal/people/demo-no-app')).body.apps.includes('webitr-edu') ? true : undefined),
        'the granted app',
      );
      // … and revoked.
      await Person.updateOne({ _id: 'demo-no-app' }, { $set: { apps: [] } });
      await other.publish(
        createEvent(
          'directory.entitlement.revoked',
          { personId: 'demo-no-app', agencyId: 'KH-GUANGHUA-ES', app: 'webitr-edu', actorId: 'demo-school-admin' },
          'directory',
        ),
      );
      await eventually(
        async () => ((await api.get(gateway, '/internal/people/demo-no-app')).body.apps.length === 0 ? true : undefined),
        'the revoked app',
      );

      // A unit's head changed by the other instance: the chains of the agency's people are dropped.
      const chainOf = async () =>
        ((await api.get(gateway, '/internal/people/demo-teacher/supervisors')).body.chain as { personId: string }[]).map((s) => s.personId);
      const before = await chainOf();
      expect(before[0]).to.equal('demo-director');
      const unit = (await Unit.findOne({ agencyId: 'KH-GUANGHUA-ES', name: '教務處' }).lean())!;
      await Unit.updateOne({ _id: unit._id }, { $set: { headPersonId: 'demo-personnel' } });
      expect(await chainOf()).to.deep.equal(before);
      await other.publish(
        createEvent('directory.unit.changed', { unitId: unit._id, agencyId: 'KH-GUANGHUA-ES', changes: ['headPersonId'] }, 'directory'),
      );
      await eventually(async () => ((await chainOf())[0] === 'demo-personnel' ? true : undefined), 'the new head in the chain');
      await Unit.updateOne({ _id: unit._id }, { $set: { headPersonId: 'demo-director' } });
      await other.publish(
        createEvent('directory.unit.changed', { unitId: unit._id, agencyId: 'KH-GUANGHUA-ES', changes: ['headPersonId'] }, 'directory'),
      );
      await eventually(async () => ((await chainOf())[0] === 'demo-director' ? true : undefined), 'the head restored');
    } finally {
      await other.close();
    }
  });

  it("ends the headships in the agency left when a transfer's event arrives, even if the writer stopped before doing it", async () => {
    const { Person, Unit } = directory.ctx.models;
    const admin = demo.schoolAdmin;
    const head = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'J123456787',
      name: '轉出主任',
      jobCategory: '職員',
    });
    expect(head.status, JSON.stringify(head.body)).to.equal(201);
    const unit = await api.post(admin, '/agencies/KH-GUANGHUA-ES/units', { name: '輔導室' });
    await api.patch(admin, `/units/${unit.body.id}`, { headPersonId: head.body.id });
    const doitUnit = await api.post(demo.cityAdmin, '/agencies/TP-DOIT/units', { name: '綜合企劃科' });
    // The transfer's write was stored (the person is in TP-DOIT and, meanwhile, heads a unit there) but the writer
    // stopped before releasing the school's unit: only the event, from its outbox, is left to do it.
    await Person.updateOne({ _id: head.body.id }, { $set: { agencyId: 'TP-DOIT' } });
    await Unit.updateOne({ _id: doitUnit.body.id }, { $set: { headPersonId: head.body.id } });
    const other = new Broker({ url: testUris().amqp, namespace: directory.namespace, service: 'directory', logger: quietLogger() });
    try {
      await other.publish(
        createEvent(
          'directory.person.changed',
          { personId: head.body.id, agencyId: 'TP-DOIT', changes: ['agencyId', 'unitId'] },
          'directory',
        ),
      );
    } finally {
      await other.close();
    }
    await eventually(
      async () => ((await Unit.findById(unit.body.id).lean())!.headPersonId === undefined ? true : undefined),
      'the school unit released',
    );
    expect((await Unit.findById(doitUnit.body.id).lean())!.headPersonId).to.equal(head.body.id);
    const log = await api.get(admin, `/agencies/KH-GUANGHUA-ES/change-log?action=unit.updated&personId=${head.body.id}`);
    const released = (log.body.items as { before?: { headPersonId?: string }; after?: { headPersonId?: string }; actor: object }[]).filter(
      (e) => e.before?.headPersonId === head.body.id,
    );
    expect(released).to.have.length(1);
    expect(released[0]).to.deep.include({ targetId: unit.body.id, changes: ['headPersonId'], note: '人員轉出機關' });
    expect(released[0]!.after?.headPersonId).to.equal(undefined);
    expect(released[0]!.actor).to.include({ kind: 'system', id: 'system:directory' });
  });

  it('finds who holds a card in an agency, and who holds a role', async () => {
    await api.patch(demo.schoolAdmin, '/people/demo-teacher', { cardNumbers: ['0012345678'] });
    const byCard = await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES/cards/0012345678');
    expect(byCard.status).to.equal(200);
    expect(byCard.body.id).to.equal('demo-teacher');
    expect((await api.get(gateway, '/internal/agencies/TP-DOIT/cards/0012345678')).status).to.equal(404);
    // Many cards in one call (card-file ingest): the holders only, each card with its person and status.
    await api.patch(demo.schoolAdmin, '/people/demo-director', { cardNumbers: ['0099000001', '0099000002'] });
    const bulk = await api.post(gateway, '/internal/agencies/KH-GUANGHUA-ES/cards/lookup', {
      cardNumbers: ['0012345678', '0099000002', '0099000001', 'NOBODY'],
    });
    expect(bulk.status, JSON.stringify(bulk.body)).to.equal(200);
    expect(
      (bulk.body.items as { cardNumber: string; personId: string; status: string }[]).sort((a, b) =>
        a.cardNumber.localeCompare(b.cardNumber),
      ),
    ).to.deep.equal([
      { cardNumber: '0012345678', personId: 'demo-teacher', status: 'active' },
      { cardNumber: '0099000001', personId: 'demo-director', status: 'active' },
      { cardNumber: '0099000002', personId: 'demo-director', status: 'active' },
    ]);
    const elsewhere = await api.post(gateway, '/internal/agencies/TP-DOIT/cards/lookup', { cardNumbers: ['0012345678'] });
    expect(elsewhere.body.items).to.deep.equal([]);
    const managers = await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES/roles/attendance-manager');
    expect(managers.body.items.map((p: { id: string }) => p.id)).to.deep.equal(['demo-personnel']);
    const supervisors = await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES/roles/unit-supervisor');
    expect(supervisors.body.items.map((p: { id: string }) => p.id).sort()).to.deep.equal([
      'demo-director',
      'demo-personnel',
      'demo-principal',
    ]);
    const agency = await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES');
    expect(agency.body).to.deep.equal({
      id: 'KH-GUANGHUA-ES',
      name: '高雄市立光華國民小學',
      level: 'school',
      parentId: 'KH-EDU',
      defaultApps: ['webitr-edu'],
      headId: 'demo-principal',
    });
  });

  it('lists every person of an agency, and answers a unit with its head', async () => {
    const people = await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES/people');
    const school = DEMO_ACCOUNTS.filter((a) => a.agencyId === 'KH-GUANGHUA-ES');
    expect(people.body.items.map((p: { id: string }) => p.id).sort()).to.deep.equal(school.map((a) => `demo-${a.username}`).sort());
    expect(people.body.items.find((p: { id: string }) => p.id === 'demo-separated').status).to.equal('separated');
    expect(people.body.items.find((p: { id: string }) => p.id === 'demo-director').roles).to.deep.include({
      role: 'unit-supervisor',
      agencyId: 'KH-GUANGHUA-ES',
    });
    expect((await api.get(gateway, '/internal/agencies/NOWHERE/people')).body.code).to.equal('AGENCY_NOT_FOUND');
    const unitId = (await directory.ctx.models.Unit.findOne({ agencyId: 'KH-GUANGHUA-ES', name: '教務處' }).lean())!._id;
    const unit = await api.get(gateway, `/internal/units/${unitId}`);
    const topId = (await directory.ctx.models.Unit.findOne({ agencyId: 'KH-GUANGHUA-ES', name: '校長室' }).lean())!._id;
    expect(unit.body).to.deep.equal({ id: unitId, agencyId: 'KH-GUANGHUA-ES', name: '教務處', parentId: topId, headId: 'demo-director' });
    expect((await api.get(gateway, '/internal/units/nope')).body.code).to.equal('UNIT_NOT_FOUND');
  });

  it("sets an agency's head (機關首長): its administrator may, only with one of its own people; renaming stays with system administrators", async () => {
    const set = await api.patch(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES', { headId: 'demo-director' });
    expect(set.status).to.equal(200);
    expect((await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES')).body.headId).to.equal('demo-director');
    const outsider = await api.patch(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES', { headId: 'demo-staff' });
    expect([outsider.status, outsider.body.code]).to.deep.equal([400, 'HEAD_NOT_IN_AGENCY']);
    const rename = await api.patch(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES', { name: '改名國小' });
    expect([rename.status, rename.body.code]).to.deep.equal([403, 'ROLE_REQUIRED']);
    const log = await api.get(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES/change-log?action=agency.updated');
    expect(log.body.items[0]).to.deep.include({ changes: ['headPersonId'], after: { headPersonId: 'demo-director' } });
  });

  it('accepts service assertions only: a person is refused with SERVICE_ONLY, no assertion with 401', async () => {
    const asPerson = await api.post(demo.cityAdmin, '/internal/people/lookup', { by: 'email', email: 'teacher@guanghua.demo' });
    expect(asPerson.status).to.equal(403);
    expect(asPerson.body.code).to.equal('SERVICE_ONLY');
    const anonymous = await api.get(undefined, '/internal/people/demo-teacher');
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body.code).to.equal('ASSERTION_MISSING');
  });

  it('refuses a malformed look-up with the field named', async () => {
    const res = await api.post(gateway, '/internal/people/lookup', { by: 'national-id', nationalId: 'not-an-id' });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].field).to.equal('body.nationalId');
  });
});
