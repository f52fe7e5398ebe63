import { expect } from 'chai';
import { EventSink, client, demo, person, service, startTestDirectory } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('agency default apps (機關預設可用系統): who may change them, the log, and who receives them (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  let sink: EventSink;
  const gateway = service('gateway');
  const admin = demo.schoolAdmin;

  before(async () => {
    directory = await startTestDirectory('directory-default-apps');
    api = client(directory.url);
    sink = await new EventSink().open(directory.namespace, 'directory.entitlement.granted');
  });
  after(async () => {
    await sink?.close();
    await directory?.stop();
  });

  type Granted = { personId: string; agencyId: string; app: string; actorId: string };
  const granted = (personId: string, app: string) => (e: { payload: unknown }) =>
    (e.payload as Granted).personId === personId && (e.payload as Granted).app === app;
  const defaultsOf = async (agencyId: string) => (await api.get(gateway, `/internal/agencies/${agencyId}`)).body.defaultApps as string[];

  it('refuses the attendance manager, an employee and another agency’s administrator, changing nothing', async () => {
    const otherAdmin = person('doit-admin', 'TP-DOIT', 'agency-admin');
    for (const [caller, code] of [
      [demo.personnel, 'ROLE_REQUIRED'],
      [demo.teacher, 'ADMIN_ROLE_REQUIRED'],
      [otherAdmin, 'OUTSIDE_AGENCY'],
    ] as const) {
      const res = await api.put(caller, '/agencies/KH-GUANGHUA-ES/default-apps', { apps: ['webitr'] });
      expect([res.status, res.body.code], code).to.deep.equal([403, code]);
    }
    expect(await defaultsOf('KH-GUANGHUA-ES')).to.deep.equal(['webitr-edu']);
    const log = await api.get(admin, '/agencies/KH-GUANGHUA-ES/change-log?action=agency.default-apps.changed');
    expect(log.body.items).to.deep.equal([]);
  });

  it('lets the agency administrator change them; the change is logged with who, where, before and after; people already there keep their apps', async () => {
    const res = await api.put(admin, '/agencies/KH-GUANGHUA-ES/default-apps', { apps: ['webitr-mobile', 'webitr-edu'] });
    expect(res.status).to.equal(200);
    expect(res.body.defaultApps).to.deep.equal(['webitr-edu', 'webitr-mobile']);
    expect(await defaultsOf('KH-GUANGHUA-ES')).to.deep.equal(['webitr-edu', 'webitr-mobile']);
    const log = await api.get(admin, '/agencies/KH-GUANGHUA-ES/change-log?action=agency.default-apps.changed');
    expect(log.body.items).to.have.length(1);
    expect(log.body.items[0]).to.deep.include({
      actor: { kind: 'person', id: 'demo-school-admin', name: '黃建華' },
      ip: '10.20.30.40',
      zone: 'intranet',
      targetType: 'agency',
      targetId: 'KH-GUANGHUA-ES',
      changes: ['defaultApps'],
      before: { defaultApps: ['webitr-edu'] },
      after: { defaultApps: ['webitr-edu', 'webitr-mobile'] },
    });
    expect((await api.get(gateway, '/internal/people/demo-no-app')).body.apps).to.deep.equal([]);
    expect((await api.get(gateway, '/internal/people/demo-teacher')).body.apps).to.deep.equal(['webitr-edu']);
  });

  it('lets a system administrator change any agency’s, logged under their name', async () => {
    const res = await api.put(demo.cityAdmin, '/agencies/TP-DOIT/default-apps', { apps: ['webitr', 'webitr-mobile'] });
    expect(res.status).to.equal(200);
    expect(await defaultsOf('TP-DOIT')).to.deep.equal(['webitr', 'webitr-mobile']);
    const log = await api.get(demo.cityAdmin, '/agencies/TP-DOIT/change-log?action=agency.default-apps.changed');
    expect(log.body.items[0]).to.deep.include({
      actor: { kind: 'person', id: 'demo-city-admin', name: '李國強' },
      before: { defaultApps: ['webitr'] },
      after: { defaultApps: ['webitr', 'webitr-mobile'] },
    });
  });

  it('gives the new defaults to a person created afterwards, and to one imported', async () => {
    const created = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people', {
      nationalId: 'F126354787',
      name: '新進者',
      jobCategory: '職員',
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.apps).to.deep.equal(['webitr-edu', 'webitr-mobile']);
    const csv = Buffer.from('身分證字號,姓名,職務類別\nF226354789,匯入者,職員\n');
    const report = await api.post(admin, '/agencies/KH-GUANGHUA-ES/people/import', csv);
    expect(report.body).to.include({ created: 1, failed: 0 });
    const imported = report.body.rows.find((r: { outcome: string }) => r.outcome === 'created').personId as string;
    expect((await api.get(gateway, `/internal/people/${imported}`)).body.apps).to.deep.equal(['webitr-edu', 'webitr-mobile']);
    await sink.take(granted(created.body.id as string, 'webitr-mobile'), 'the default app granted to the new person');
  });

  it('gives the new agency’s defaults to a person transferred in afterwards, with the granted events', async () => {
    const res = await api.post(demo.cityAdmin, '/people/demo-staff/transfer', { toAgencyId: 'KH-GUANGHUA-ES' });
    expect(res.status).to.equal(200);
    expect(res.body.apps).to.deep.equal(['webitr-edu', 'webitr-mobile']);
    expect((await api.get(gateway, '/internal/people/demo-staff')).body.apps).to.deep.equal(['webitr-edu', 'webitr-mobile']);
    for (const app of ['webitr-edu', 'webitr-mobile']) {
      const event = await sink.take(granted('demo-staff', app), `${app} granted to demo-staff`);
      expect(event.payload).to.deep.include({ agencyId: 'KH-GUANGHUA-ES', actorId: 'demo-city-admin' });
    }
    // And the other way, into TP-DOIT with its new defaults.
    const back = await api.post(demo.cityAdmin, '/people/demo-no-app/transfer', { toAgencyId: 'TP-DOIT' });
    expect(back.body.apps).to.deep.equal(['webitr', 'webitr-mobile']);
  });
});
