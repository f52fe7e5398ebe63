import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { EventSink, client, demo, person, service, startTestDirectory } from './helpers.ts';
import type { TestDirectory } from './helpers.ts';

describe('app entitlements: grant, revoke, events and change log (integration)', function () {
  this.timeout(60_000);
  let directory: TestDirectory;
  let api: ReturnType<typeof client>;
  let sink: EventSink;
  const gateway = service('gateway');

  before(async () => {
    directory = await startTestDirectory('directory-entitlements');
    api = client(directory.url);
    sink = await new EventSink().open(directory.namespace, 'directory.entitlement.*');
  });
  after(async () => {
    await sink?.close();
    await directory?.stop();
  });

  const appsOf = async (personId: string) => (await api.get(gateway, `/internal/people/${personId}`)).body.apps as string[];

  it('grants an app to one person: the summary shows it at once and directory.entitlement.granted reaches a real queue', async () => {
    expect(await appsOf('demo-no-app')).to.deep.equal([]);
    const res = await api.put(demo.schoolAdmin, '/people/demo-no-app/apps/webitr-edu');
    expect(res.status).to.equal(200);
    expect(res.body.items).to.deep.equal([{ personId: 'demo-no-app', changed: ['webitr-edu'], unchanged: [] }]);
    expect(await appsOf('demo-no-app')).to.deep.equal(['webitr-edu']);
    const event = await sink.take(
      (e) => e.type === 'directory.entitlement.granted' && (e.payload as { personId: string }).personId === 'demo-no-app',
      'the granted event',
    );
    expect(event.payload).to.deep.equal({
      personId: 'demo-no-app',
      agencyId: 'KH-GUANGHUA-ES',
      app: 'webitr-edu',
      actorId: 'demo-school-admin',
    });
    expect(event.producer).to.equal('directory');
  });

  it('revokes it: the summary drops it at once and directory.entitlement.revoked follows the grant', async () => {
    const res = await api.delete(demo.schoolAdmin, '/people/demo-no-app/apps/webitr-edu');
    expect(res.status).to.equal(200);
    expect(res.body.items[0].changed).to.deep.equal(['webitr-edu']);
    expect(await appsOf('demo-no-app')).to.deep.equal([]);
    const revoked = await sink.take(
      (e) => e.type === 'directory.entitlement.revoked' && (e.payload as { personId: string }).personId === 'demo-no-app',
      'the revoked event',
    );
    expect(revoked.payload).to.deep.equal({
      personId: 'demo-no-app',
      agencyId: 'KH-GUANGHUA-ES',
      app: 'webitr-edu',
      actorId: 'demo-school-admin',
    });
    const order = sink.events.filter((e) => (e.payload as { personId: string }).personId === 'demo-no-app').map((e) => e.type);
    expect(order).to.deep.equal(['directory.entitlement.granted', 'directory.entitlement.revoked']);
  });

  it('granting what is held, or revoking what is not, changes nothing and publishes nothing', async () => {
    const { Person } = directory.ctx.models;
    const versions = async () =>
      (
        await Person.find({ _id: { $in: ['demo-no-app', 'demo-teacher'] } }, { version: 1 })
          .sort({ _id: 1 })
          .lean()
      ).map((p) => p.version);
    const versionsBefore = await versions();
    const before = sink.events.length;
    const again = await api.delete(demo.schoolAdmin, '/people/demo-no-app/apps/webitr-edu');
    expect(again.body.items).to.deep.equal([{ personId: 'demo-no-app', changed: [], unchanged: ['webitr-edu'] }]);
    const held = await api.put(demo.schoolAdmin, '/people/demo-teacher/apps/webitr-edu');
    expect(held.body.items[0].changed).to.deep.equal([]);
    // Nothing was written, so nothing can be in an outbox to publish …
    expect(await versions()).to.deep.equal(versionsBefore);
    // … and a later real change goes through the same relay and queue: once its event is here,
    // it is the only one since the no-ops.
    await api.put(demo.schoolAdmin, '/people/demo-teacher/apps/webitr-mobile');
    await sink.take(
      (e) => e.type === 'directory.entitlement.granted' && (e.payload as { app: string }).app === 'webitr-mobile',
      'the later grant',
    );
    expect(
      sink.events
        .slice(before)
        .map((e) => [e.type, (e.payload as { personId: string; app: string }).personId, (e.payload as { app: string }).app]),
    ).to.deep.equal([['directory.entitlement.granted', 'demo-teacher', 'webitr-mobile']]);
  });

  it('grants to many people at once, one event per person and app', async () => {
    const res = await api.post(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES/entitlements/grant', {
      personIds: ['demo-no-app', 'demo-teacher'],
      apps: ['webitr', 'webitr-edu'],
    });
    expect(res.status).to.equal(200);
    expect(res.body.items).to.deep.equal([
      { personId: 'demo-no-app', changed: ['webitr', 'webitr-edu'], unchanged: [] },
      { personId: 'demo-teacher', changed: ['webitr'], unchanged: ['webitr-edu'] },
    ]);
    await eventually(() => {
      const granted = sink.events
        .filter((e) => e.type === 'directory.entitlement.granted')
        .map((e) => e.payload as { personId: string; app: string });
      const want = [
        ['demo-no-app', 'webitr'],
        ['demo-no-app', 'webitr-edu'],
        ['demo-teacher', 'webitr'],
      ];
      return want.every(([p, a]) => granted.some((g) => g.personId === p && g.app === a)) ? true : undefined;
    }, 'three granted events');
  });

  it('changes nobody when one of the people is not of the agency (all or nothing)', async () => {
    const res = await api.post(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES/entitlements/revoke', {
      personIds: ['demo-no-app', 'demo-staff'],
      apps: ['webitr'],
    });
    expect(res.status).to.equal(404);
    expect(res.body.code).to.equal('PERSON_NOT_IN_AGENCY');
    expect(await appsOf('demo-no-app')).to.include('webitr');
    expect(await appsOf('demo-staff')).to.deep.equal(['webitr']);
  });

  it('records every grant and revoke in the change log: who, when, from which address and zone, before and after', async () => {
    const log = await api.get(demo.schoolAdmin, '/people/demo-no-app/change-log');
    expect(log.status).to.equal(200);
    const entries = (
      log.body.items as {
        action: string;
        actor: { id: string; name?: string };
        ip?: string;
        zone?: string;
        before?: { apps: string[] };
        after?: { apps: string[] };
        at: string;
      }[]
    )
      .filter((e) => e.action.startsWith('entitlement.'))
      .reverse();
    expect(entries.map((e) => [e.action, e.before?.apps, e.after?.apps])).to.deep.equal([
      ['entitlement.granted', [], ['webitr-edu']],
      ['entitlement.revoked', ['webitr-edu'], []],
      ['entitlement.granted', [], ['webitr', 'webitr-edu']],
    ]);
    for (const entry of entries) {
      expect(entry.actor).to.deep.equal({ kind: 'person', id: 'demo-school-admin', name: '黃建華' });
      expect(entry.ip).to.equal('10.20.30.40');
      expect(entry.zone).to.equal('intranet');
      expect(Date.now() - Date.parse(entry.at)).to.be.lessThan(60_000);
    }
  });

  it('records the zone and address of each call as asserted (VPN from home)', async () => {
    const fromHome = { ...person('demo-school-admin', 'KH-GUANGHUA-ES', 'agency-admin'), zone: 'vpn', ip: '172.16.5.9' };
    await api.put(fromHome, '/people/demo-no-app/apps/webitr-mobile');
    const log = await api.get(demo.schoolAdmin, '/agencies/KH-GUANGHUA-ES/change-log?personId=demo-no-app&action=entitlement.granted');
    expect(log.body.items[0]).to.include({ zone: 'vpn', ip: '172.16.5.9' });
  });
});
