import { expect } from 'chai';
import { client, demo, service, startTestDirectory, validNationalId } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('people: create, masked views, audited full view, status, transfer, units, change log (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  const gateway = service('gateway');
  const admin = demo.schoolAdmin;
  const NEW_ID = 'H223456788';
  let newPersonId: string;
  let unitId: string;

  before(async () => {
    directory = await startTestDirectory('directory-people');
    api = client(directory.url);
  });
  after(() => directory?.stop());

  it('creates a person with the agency default apps, showing only the masked national ID', async () => {
    const unit = await api.post(admin, '/agencies/KH-GUANGHUA-ES/units', { name: '學務處' });
    expect(unit.status).to.equal(201);
    unitId = unit.body.id;
    const res = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: NEW_ID.toLowerCase(),
      name: '周子瑜',
      email: 'Tzuyu@Guanghua.demo',
      unitId,
      title: '生教組長',
      jobCategory: '教師',
      scheduleGroup: '行政人員',
      serviceStartDate: '2019-08-01',
      cardNumbers: ['A0001'],
    });
    expect(res.status).to.equal(201);
    newPersonId = res.body.id;
    expect(res.body).to.include({
      nationalIdMasked: 'H22*****88',
      email: 'tzuyu@guanghua.demo',
      status: 'active',
      statusSince: '2019-08-01',
      jobCategory: '教師',
    });
    expect(res.body.apps).to.deep.equal(['webitr-edu']);
    expect(res.raw.toString()).not.to.contain(NEW_ID);
    const summary = await api.get(gateway, `/internal/people/${newPersonId}`);
    expect(summary.body).to.include({ unitName: '學務處', scheduleGroup: '行政人員', serviceStartDate: '2019-08-01' });
    expect(summary.raw.toString()).not.to.contain(NEW_ID);
  });

  it('stores the number encrypted and hashed, never in clear', async () => {
    const stored = await directory.ctx.models.Person.findById(newPersonId).lean();
    expect(JSON.stringify(stored)).not.to.contain(NEW_ID);
    expect(stored?.nationalIdMasked).to.equal('H22*****88');
    const raw = await directory.runtime.mongo.db!.collection('people').findOne({ _id: newPersonId as never });
    expect(JSON.stringify(raw)).not.to.contain(NEW_ID);
  });

  it('refuses a second person with the same national ID, e-mail or card', async () => {
    const base = { name: '另一人', jobCategory: '職員' };
    const sameId = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', { ...base, nationalId: NEW_ID });
    expect([sameId.status, sameId.body.code]).to.deep.equal([409, 'PERSON_EXISTS']);
    const sameEmail = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      ...base,
      nationalId: 'Z187654324',
      email: 'tzuyu@guanghua.demo',
    });
    expect([sameEmail.status, sameEmail.body.code]).to.deep.equal([409, 'EMAIL_TAKEN']);
    const sameCard = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      ...base,
      nationalId: 'Z187654324',
      cardNumbers: ['A0001'],
    });
    expect([sameCard.status, sameCard.body.code]).to.deep.equal([409, 'CARD_TAKEN']);
    // The refused attempts left no claims behind: the number, e-mail and card are free for a valid person.
    const ok = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      ...base,
      nationalId: 'Z187654324',
      email: 'another@guanghua.demo',
      cardNumbers: ['A0002'],
    });
    expect(ok.status).to.equal(201);
  });

  it('refuses an invalid national ID with a zh-TW reason for the field', async () => {
    const res = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', { nationalId: 'H223456789', name: '錯號', jobCategory: '職員' });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0]).to.include({ field: 'body.nationalId', label: '身分證字號', message: '身分證字號檢查碼錯誤' });
    expect(res.raw.toString()).not.to.contain('H223456789');
  });

  it('shows the full number only in the audited view, and records each view in the change log', async () => {
    for (const path of [`/people/${newPersonId}`, `/people/${newPersonId}/change-log`, '/agencies/KH-GUANGHUA-ES/change-log']) {
      const res = await api.get(admin, path);
      expect(res.status, path).to.equal(200);
      expect(res.raw.toString(), path).not.to.contain(NEW_ID);
    }
    const search = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { nationalId: NEW_ID });
    expect(search.body.items.map((p: { nationalIdMasked: string }) => p.nationalIdMasked)).to.deep.equal(['H22*****88']);
    expect(search.raw.toString()).not.to.contain(NEW_ID);

    const before = await directory.ctx.models.ChangeLog.countDocuments({ action: 'national-id.viewed' });
    const view = await api.post(demo.personnel, `/people/${newPersonId}/national-id`, { reason: '核對保險資料' });
    expect(view.status).to.equal(200);
    expect(view.body).to.deep.equal({ personId: newPersonId, nationalId: NEW_ID });
    expect(view.headers.get('cache-control')).to.equal('no-store');
    const log = await api.get(admin, `/people/${newPersonId}/change-log?action=national-id.viewed`);
    expect(log.body.items).to.have.length(1);
    expect(log.body.items[0]).to.deep.include({ action: 'national-id.viewed', note: '核對保險資料', ip: '10.20.30.40', zone: 'intranet' });
    expect(log.body.items[0].actor).to.deep.equal({ kind: 'person', id: 'demo-personnel', name: '王美玲' });
    expect(await directory.ctx.models.ChangeLog.countDocuments({ action: 'national-id.viewed' })).to.equal(before + 1);
    // Without a reason there is no view: 400 naming the field, nothing returned, nothing logged.
    for (const body of [{}, { reason: '  ' }]) {
      const noReason = await api.post(demo.personnel, `/people/${newPersonId}/national-id`, body);
      expect([noReason.status, noReason.body.code], JSON.stringify(body)).to.deep.equal([400, 'VALIDATION_FAILED']);
      expect(noReason.body.errors[0]).to.include({ field: 'body.reason', label: '查閱事由' });
      expect(noReason.raw.toString()).not.to.contain(NEW_ID);
    }
    // A refused view is not a view: nothing returned, nothing logged.
    const refused = await api.post(demo.teacher, `/people/${newPersonId}/national-id`, { reason: '好奇' });
    expect(refused.status).to.equal(403);
    expect(await directory.ctx.models.ChangeLog.countDocuments({ action: 'national-id.viewed' })).to.equal(before + 1);
  });

  it('searches by part of a name, unit with sub-units, masked or full number, status', async () => {
    const sub = await api.post(admin, '/agencies/KH-GUANGHUA-ES/units', { name: '生教組', parentId: unitId });
    await api.patch(admin, '/people/demo-teacher', { unitId: sub.body.id });
    const search = async (body: object) =>
      ((await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', body)).body.items as { id: string }[]).map((p) => p.id).sort();
    expect(await search({ name: '子' })).to.deep.equal([newPersonId]);
    expect(await search({ unitId })).to.deep.equal([newPersonId]);
    expect(await search({ unitId, includeSubunits: true })).to.deep.equal(['demo-teacher', newPersonId].sort());
    expect(await search({ nationalId: 'H22*****88' })).to.deep.equal([newPersonId]);
    expect(await search({ nationalId: 'E223456785' })).to.deep.equal(['demo-teacher']);
    expect(await search({ status: 'separated' })).to.deep.equal(['demo-separated']);
    const bad = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/search', { nationalId: 'E223456786' });
    expect([bad.status, bad.body.errors[0].field]).to.deep.equal([400, 'body.nationalId']);
  });

  it('refuses an update made against an old version (409 VERSION_CONFLICT) and keeps the newer one', async () => {
    const current = await api.get(admin, `/people/${newPersonId}`);
    const first = await api.patch(admin, `/people/${newPersonId}`, { version: current.body.version, title: '訓育組長' });
    expect(first.status).to.equal(200);
    const stale = await api.patch(admin, `/people/${newPersonId}`, { version: current.body.version, title: '舊的改法' });
    expect([stale.status, stale.body.code]).to.deep.equal([409, 'VERSION_CONFLICT']);
    expect((await api.get(admin, `/people/${newPersonId}`)).body.title).to.equal('訓育組長');
    const log = await api.get(admin, `/people/${newPersonId}/change-log?action=person.updated`);
    expect(log.body.items[0]).to.deep.include({ changes: ['title'], before: { title: '生教組長' }, after: { title: '訓育組長' } });
  });

  it('changes a national ID to another valid number with the same mask (K12*****88): stored, found, logged masked, the old number freed', async () => {
    const [OLD, NEW, OTHER] = ['K123456788', 'K128456788', 'K120456786'];
    const created = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', { nationalId: OLD, name: '改號者', jobCategory: '職員' });
    expect(created.status).to.equal(201);
    const id = created.body.id as string;
    const changed = await api.patch(admin, `/people/${id}`, { version: created.body.version, nationalId: NEW });
    expect(changed.status).to.equal(200);
    expect(changed.body).to.include({ nationalIdMasked: 'K12*****88', version: created.body.version + 1 });
    expect(changed.raw.toString()).not.to.contain(NEW);
    // The new number is the one held: in the audited view and in look-ups; the old one finds nobody.
    expect((await api.post(admin, `/people/${id}/national-id`, { reason: '核對改號' })).body.nationalId).to.equal(NEW);
    expect((await api.post(gateway, '/internal/people/lookup', { by: 'national-id', nationalId: NEW })).body.id).to.equal(id);
    expect((await api.post(gateway, '/internal/people/lookup', { by: 'national-id', nationalId: OLD })).status).to.equal(404);
    // Logged as a change, masked before and after, never in full.
    const log = await api.get(admin, `/people/${id}/change-log?action=person.updated`);
    expect(log.body.items).to.have.length(1);
    expect(log.body.items[0]).to.deep.include({
      changes: ['nationalIdMasked'],
      before: { nationalIdMasked: 'K12*****88' },
      after: { nationalIdMasked: 'K12*****88' },
    });
    expect(log.body.items[0].actor.id).to.equal('demo-school-admin');
    expect(log.raw.toString()).not.to.contain(NEW);
    expect(log.raw.toString()).not.to.contain(OLD);
    // Giving the same number again changes nothing.
    const same = await api.patch(admin, `/people/${id}`, { nationalId: NEW });
    expect(same.body.version).to.equal(changed.body.version);
    // The old number is free for someone else; the new one is not, and a refused change keeps nothing of itself
    // (its e-mail claim is released, so the e-mail can still be given to the person).
    const other = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', { nationalId: OLD, name: '舊號新人', jobCategory: '職員' });
    expect(other.status).to.equal(201);
    const taken = await api.patch(admin, `/people/${other.body.id}`, { nationalId: NEW, email: 'renumbered@guanghua.demo' });
    expect([taken.status, taken.body.code]).to.deep.equal([409, 'NATIONAL_ID_TAKEN']);
    expect(taken.raw.toString()).not.to.contain(NEW);
    const unchanged = await api.get(admin, `/people/${other.body.id}`);
    expect(unchanged.body).to.include({ version: other.body.version });
    expect(unchanged.body.email).to.equal(undefined);
    expect((await api.patch(admin, `/people/${id}`, { email: 'renumbered@guanghua.demo' })).status).to.equal(200);
    expect((await api.patch(admin, `/people/${other.body.id}`, { nationalId: OTHER })).body.nationalIdMasked).to.equal('K12*****86');
  });

  it('suspends, reinstates and separates, keeping the employment history; refuses a transition that makes no sense', async () => {
    const path = `/people/${newPersonId}`;
    expect(
      (await api.post(admin, `${path}/suspend`, { date: '2024-02-01', until: '2025-01-31', reason: '育嬰留職停薪' })).body.status,
    ).to.equal('leave-without-pay');
    const suspended = (await api.get(gateway, `/internal${path}`)).body;
    expect(suspended).to.include({ status: 'leave-without-pay', statusSince: '2024-02-01' });
    expect(suspended.pastOutOfService, 'the 留職停薪 still holds: its status says so').to.equal(undefined);
    expect((await api.post(admin, `${path}/reinstate`, { date: '2024-09-01' })).body.status).to.equal('active');
    // 離職 needs its reason.
    const noReason = await api.post(admin, `${path}/separate`, { date: '2024-12-31' });
    expect([noReason.status, noReason.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(noReason.body.errors[0]).to.include({ field: 'body.reason', label: '離職事由' });
    expect((await api.get(admin, path)).body.status).to.equal('active');
    const separated = await api.post(admin, `${path}/separate`, { date: '2024-12-31', reason: '退休' });
    expect(separated.body.status).to.equal('separated');
    expect(separated.body.employment).to.deep.equal([
      { status: 'active', from: '2019-08-01', until: '2024-02-01' },
      { status: 'leave-without-pay', from: '2024-02-01', until: '2024-09-01', reason: '育嬰留職停薪' },
      { status: 'active', from: '2024-09-01', until: '2024-12-31' },
      { status: 'separated', from: '2024-12-31', reason: '退休' },
    ]);
    // Attendance's view of it: the 留職停薪 that ended stays out of service; the 離職 that holds is the status.
    const summary = (await api.get(gateway, `/internal${path}`)).body;
    expect(summary).to.include({ status: 'separated', statusSince: '2024-12-31' });
    expect(summary.pastOutOfService).to.deep.equal([{ from: '2024-02-01', until: '2024-09-01' }]);
    const again = await api.post(admin, `${path}/suspend`, {});
    expect([again.status, again.body.code]).to.deep.equal([409, 'INVALID_STATUS_CHANGE']);
    const log = await api.get(admin, `${path}/change-log`);
    const actions = (log.body.items as { action: string }[]).map((e) => e.action);
    expect(actions.slice(0, 3)).to.deep.equal(['person.separated', 'person.reinstated', 'person.suspended']);
    expect(log.body.items[0]).to.include({ action: 'person.separated', note: '退休' });
  });

  it('derives the unit supervisor from the unit head, and releases unit and agency headships when the head separates', async () => {
    const head = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'P212345671',
      name: '許主任',
      jobCategory: '教師',
    });
    const set = await api.patch(admin, `/units/${unitId}`, { headPersonId: head.body.id });
    expect(set.body).to.include({ headPersonId: head.body.id, headName: '許主任' });
    expect((await api.get(gateway, `/internal/people/${head.body.id}`)).body.roles).to.deep.include({
      role: 'unit-supervisor',
      agencyId: 'KH-GUANGHUA-ES',
    });
    // demo-teacher is in 生教組 under 學務處: the chain goes up to 學務處's head.
    const chain = await api.get(gateway, '/internal/people/demo-teacher/supervisors');
    expect(chain.body.chain.map((s: { personId: string }) => s.personId)).to.deep.equal([head.body.id]);
    await api.patch(admin, '/agencies/KH-GUANGHUA-ES', { headId: head.body.id });
    expect((await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES')).body.headId).to.equal(head.body.id);
    await api.post(admin, `/people/${head.body.id}/separate`, { reason: '調職' });
    expect((await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES')).body.headId).to.equal(undefined);
    expect((await api.get(gateway, `/internal/people/${head.body.id}`)).body.roles).not.to.deep.include({
      role: 'unit-supervisor',
      agencyId: 'KH-GUANGHUA-ES',
    });
    expect((await api.get(gateway, '/internal/people/demo-teacher/supervisors')).body.chain).to.deep.equal([]);
    const units = await api.get(admin, '/agencies/KH-GUANGHUA-ES/units');
    expect(units.body.items.find((u: { id: string }) => u.id === unitId).headPersonId).to.equal(undefined);
  });

  it('refuses a unit tree with a cycle', async () => {
    const sub = (await api.get(admin, '/agencies/KH-GUANGHUA-ES/units')).body.items.find((u: { name: string }) => u.name === '生教組');
    const res = await api.patch(admin, `/units/${unitId}`, { parentId: sub.id });
    expect([res.status, res.body.code]).to.deep.equal([400, 'UNIT_CYCLE']);
  });

  it('transfers a person to another agency (機關員工轉移) in one step: agency, unit, roles, apps, cards and headships, keeping id and history', async () => {
    const units = (await api.get(admin, '/agencies/KH-GUANGHUA-ES/units')).body.items as {
      id: string;
      name: string;
      headPersonId?: string;
    }[];
    const oldUnit = units.find((u) => u.name === '生教組')!.id;
    const newUnit = (await api.post(demo.cityAdmin, '/agencies/TP-DOIT/units', { name: '資訊管理科' })).body.id as string;
    await api.put(admin, '/people/demo-teacher/roles/attendance-manager');
    await api.patch(admin, '/people/demo-teacher', { cardNumbers: ['T0042'] });
    await api.patch(admin, `/units/${oldUnit}`, { headPersonId: 'demo-teacher' });
    const before = (await api.get(admin, '/people/demo-teacher')).body;
    expect(before).to.include({ agencyId: 'KH-GUANGHUA-ES', unitId: oldUnit });
    // Not before the current assignment began (the demo seed's day).
    const early = await api.post(demo.cityAdmin, '/people/demo-teacher/transfer', { toAgencyId: 'TP-DOIT', date: '2001-02-01' });
    expect([early.status, early.body.code]).to.deep.equal([409, 'DATE_BEFORE_CURRENT_ASSIGNMENT']);
    const date = before.assignments.at(-1).from as string;

    const res = await api.post(demo.cityAdmin, '/people/demo-teacher/transfer', {
      toAgencyId: 'TP-DOIT',
      unitId: newUnit,
      date,
      reason: '調任',
    });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({
      id: 'demo-teacher',
      agencyId: 'TP-DOIT',
      unitId: newUnit,
      nationalIdMasked: before.nationalIdMasked,
      status: before.status,
    });
    expect(res.body.apps).to.deep.equal(['webitr']);
    expect(res.body.roles).to.deep.equal([]);
    expect(res.body.cardNumbers).to.deep.equal([]);
    // History kept: the employment periods as they were, the school's assignment closed on the date, the new one open.
    expect(res.body.employment).to.deep.equal(before.employment);
    expect(res.body.assignments).to.deep.equal([
      ...before.assignments.slice(0, -1),
      { ...before.assignments.at(-1), until: date },
      { agencyId: 'TP-DOIT', unitId: newUnit, from: date },
    ]);
    expect(before.assignments.at(-1)).to.include({ agencyId: 'KH-GUANGHUA-ES' });
    const summary = await api.get(gateway, '/internal/people/demo-teacher');
    expect(summary.body).to.include({ agencyId: 'TP-DOIT', agencyName: '臺北市政府資訊局', unitId: newUnit, unitName: '資訊管理科' });
    expect(summary.body.roles).to.deep.equal([{ role: 'employee', agencyId: 'TP-DOIT' }]);
    // The card and the headship stayed with the school: the card is free there, the unit has no head.
    expect((await api.get(gateway, '/internal/agencies/KH-GUANGHUA-ES/cards/T0042')).status).to.equal(404);
    expect(
      ((await api.get(admin, '/agencies/KH-GUANGHUA-ES/units')).body.items as { id: string; headPersonId?: string }[]).find(
        (u) => u.id === oldUnit,
      )!.headPersonId,
    ).to.equal(undefined);
    // The school's administrator no longer reaches the person; both agencies' logs and the person's history show the transfer.
    expect((await api.get(admin, '/people/demo-teacher')).status).to.equal(403);
    for (const [caller, agencyId] of [
      [admin, 'KH-GUANGHUA-ES'],
      [demo.cityAdmin, 'TP-DOIT'],
    ] as const) {
      const log = await api.get(caller, `/agencies/${agencyId}/change-log?action=person.transferred`);
      expect(
        log.body.items.map((e: { personId: string }) => e.personId),
        agencyId,
      ).to.deep.equal(['demo-teacher']);
    }
    const history = (await api.get(demo.cityAdmin, '/people/demo-teacher/change-log?pageSize=200')).body.items as {
      action: string;
      actor: { id: string };
      changes: string[];
      before?: object;
      after?: object;
      note?: string;
    }[];
    const transferred = history.find((e) => e.action === 'person.transferred')!;
    expect(transferred).to.deep.include({
      changes: ['agencyId', 'unitId', 'apps', 'roles', 'cardNumbers'],
      before: {
        agencyId: 'KH-GUANGHUA-ES',
        unitId: oldUnit,
        apps: ['webitr-edu'],
        roles: ['attendance-manager@KH-GUANGHUA-ES'],
        cardNumbers: ['T0042'],
      },
      after: { agencyId: 'TP-DOIT', unitId: newUnit, apps: ['webitr'], roles: [], cardNumbers: [] },
      note: '調任',
    });
    expect(transferred.actor.id).to.equal('demo-city-admin');
    // Each role and app change is in the log under its own action too, with before and after.
    const own = (action: string) => history.find((e) => e.action === action && e.actor.id === 'demo-city-admin');
    expect(own('role.revoked')).to.deep.include({ before: { roles: ['attendance-manager@KH-GUANGHUA-ES'] }, after: { roles: [] } });
    expect(own('entitlement.revoked')).to.deep.include({ before: { apps: ['webitr-edu'] }, after: { apps: [] } });
    expect(own('entitlement.granted')).to.deep.include({ before: { apps: [] }, after: { apps: ['webitr'] } });
    // Everything before the transfer is still there.
    const actions = history.map((e) => e.action);
    expect(actions).to.include.members(['person.created', 'person.updated', 'role.granted']);
  });

  it('queries the change log by actor and by period', async () => {
    const byActor = await api.get(demo.cityAdmin, '/change-log?actorId=demo-personnel');
    expect(byActor.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['national-id.viewed']);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei' }).format(new Date());
    const todays = await api.get(admin, `/agencies/KH-GUANGHUA-ES/change-log?from=${today}&to=${today}&pageSize=200`);
    expect(todays.body.total).to.be.greaterThan(10);
    const lastYear = await api.get(admin, '/agencies/KH-GUANGHUA-ES/change-log?from=2001-01-01&to=2001-12-31');
    expect(lastYear.body.total).to.equal(0);
    const page = await api.get(admin, `/agencies/KH-GUANGHUA-ES/change-log?pageSize=5&page=2`);
    expect(page.body.items).to.have.length(5);
    expect(page.body.total).to.equal(todays.body.total);
  });

  it('pages through 320 staff in search: 50 a page, sorted by name, each once, masked', async () => {
    const now = new Date();
    const { Person } = directory.ctx.models;
    // Set up directly in the collection (the import is tested on its own): 320 people of one agency.
    await Person.insertMany(
      Array.from({ length: 320 }, (_, i) => {
        const id = `bulk-${i}`;
        return {
          _id: id,
          agencyId: 'TP-DOIT',
          name: `職員${String(319 - i).padStart(3, '0')}`,
          ...directory.ctx.protector.protect(validNationalId('M', i), id),
          jobCategory: '職員',
          status: i % 10 === 0 ? 'separated' : 'active',
          statusSince: '2024-01-01',
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
    const names: string[] = [];
    let total = 0;
    for (let page = 1; page <= 7; page += 1) {
      const found = await api.post(demo.cityAdmin, '/agencies/TP-DOIT/people/search', { name: '職員', page, pageSize: 50 });
      expect(found.status).to.equal(200);
      expect(found.body.items.length).to.equal(page < 7 ? 50 : 20);
      total = found.body.total;
      names.push(...found.body.items.map((p: { name: string }) => p.name));
      for (const item of found.body.items as { nationalIdMasked: string }[]) expect(item.nationalIdMasked).to.match(/^M1\d\*{5}\d{2}$/);
    }
    expect(total).to.equal(320);
    expect(new Set(names).size).to.equal(320);
    expect(names).to.deep.equal([...names].sort());
    const active = await api.post(demo.cityAdmin, '/agencies/TP-DOIT/people/search', { name: '職員', status: 'active', pageSize: 1 });
    expect(active.body.total).to.equal(288);
  });
});
