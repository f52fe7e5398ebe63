import { expect } from 'chai';
import { agency, expectProblem, PunchHarness } from './harness.ts';
import type { TestPerson } from './harness.ts';

interface Registered {
  device: { id: string; name: string; readerId: string; status: string };
  key: string;
}
interface Report {
  deviceId: string;
  batchId: string;
  received: number;
  stored: number;
  duplicates: number;
  refused: { index: number; reason: string }[];
}

describe('card machines pushing punches (integration)', function () {
  this.timeout(60_000);
  const h = new PunchHarness('devices');
  let teacher: TestPerson;
  let manager: TestPerson;
  let device: Registered;

  before(async () => {
    await h.start();
    teacher = await h.person('林老師', { cards: ['0022223333'] });
    manager = await h.person('人事主任', { manager: true });
  });
  after(() => h.stop());

  const batch = (batchId: string, punches: { card: string; at: string; kind?: string }[], sentAt = h.now.toISOString()) => ({
    batchId,
    sentAt,
    punches,
  });

  it('registers a device for attendance managers only, shows its key once and keeps only a digest', async () => {
    expectProblem(
      await h.as(teacher, 'POST', `/agencies/${agency}/devices`, { name: '大門刷卡機', readerId: 'R01' }),
      403,
      'ATTENDANCE_MANAGER_REQUIRED',
    );
    expectProblem(
      await h.as(manager, 'POST', `/agencies/${agency}/devices`, { name: '', readerId: 'R 01' }),
      400,
      'VALIDATION_FAILED',
      'body.readerId',
    );
    const res = await h.as<Registered>(manager, 'POST', `/agencies/${agency}/devices`, { name: '大門刷卡機', readerId: 'R01' });
    expect(res.status, res.text).to.equal(201);
    device = res.body;
    expect(device.device).to.include({ name: '大門刷卡機', readerId: 'R01', status: 'active' });
    expect(device.key.startsWith(`${device.device.id}.`)).to.equal(true);
    const stored = await h.ctx.models.devices.findById(device.device.id).lean();
    expect(JSON.stringify(stored)).to.not.contain(device.key.split('.')[1]);
    expect(stored!.keyHash).to.match(/^[0-9a-f]{64}$/);
    const list = await h.as<{ items: Record<string, unknown>[] }>(manager, 'GET', `/agencies/${agency}/devices`);
    expect(list.body.items.map((d) => d.id)).to.deep.equal([device.device.id]);
    expect(JSON.stringify(list.body)).to.not.contain('keyHash');
    expectProblem(
      await h.as(manager, 'POST', `/agencies/${agency}/devices`, { name: '另一台', readerId: 'R01' }),
      409,
      'DEVICE_READER_TAKEN',
    );
  });

  it('stores a pushed batch as raw punches of the reader and computes the day; the same batch again stores nothing and answers the same', async () => {
    h.now = new Date('2024-08-07T17:00:00+08:00');
    const first = batch('R01-20240807-0001', [
      { card: '0022223333', at: '2024-08-07T07:51:00+08:00', kind: '上班' },
      { card: '0022223333', at: '2024-08-07T16:05:00+08:00' },
      { card: '9999999999', at: '2024-08-07T08:00:00+08:00' },
      { card: '0022223333', at: '2024-08-07T18:00:00+08:00' },
    ]);
    const res = await h.asDevice<Report>(device.key, '/device-punches', first);
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.include({ deviceId: device.device.id, received: 4, stored: 2, duplicates: 0 });
    expect(res.body.refused.map((r) => [r.index, r.reason])).to.deep.equal([
      [2, 'unknown-card'],
      [3, 'date-out-of-range'],
    ]);
    expect(res.headers.get('device-batch-replayed')).to.equal(null);
    const punches = await h.ctx.models.punches.find({ personId: teacher.id }).lean();
    expect(punches.map((p) => [p.source, p.channel, p.at.toISOString()]).sort()).to.deep.equal([
      ['reader:R01', 'device', '2024-08-06T23:51:00.000Z'],
      ['reader:R01', 'device', '2024-08-07T08:05:00.000Z'],
    ]);
    await h.attendanceDone();
    const day = await h.ctx.models.days.findById(`${teacher.id}|2024-08-07`).lean();
    expect(day?.result?.code, JSON.stringify(day)).to.equal('normal');

    // The same batch again, later, with a new sentAt (a retry): the first answer, nothing stored.
    h.now = new Date('2024-08-07T17:20:00+08:00');
    const again = await h.asDevice<Report>(device.key, '/device-punches', { ...first, sentAt: h.now.toISOString() });
    expect(again.status, again.text).to.equal(201);
    expect(again.headers.get('device-batch-replayed')).to.equal('true');
    expect(again.body).to.deep.equal(res.body);
    expect(await h.ctx.models.punches.countDocuments({ personId: teacher.id })).to.equal(2);
    // The same batch id with other punches: refused, nothing stored.
    const reused = await h.asDevice(device.key, '/device-punches', {
      ...first,
      sentAt: h.now.toISOString(),
      punches: [{ card: '0022223333', at: '2024-08-07T12:00:00+08:00' }],
    });
    expectProblem(reused, 409, 'DEVICE_BATCH_REUSED');
    expect(await h.ctx.models.punches.countDocuments({ personId: teacher.id })).to.equal(2);
    // A new batch bringing a punch already stored: counted as a duplicate.
    const overlap = await h.asDevice<Report>(
      device.key,
      '/device-punches',
      batch('R01-20240807-0002', [{ card: '0022223333', at: '2024-08-07T16:05:00+08:00' }]),
    );
    expect(overlap.body).to.include({ stored: 0, duplicates: 1 });
  });

  it('refuses a stale batch, a wrong key, a missing key, another agency network, and a revoked device, storing nothing', async () => {
    h.now = new Date('2024-08-08T17:00:00+08:00');
    const punches = [{ card: '0022223333', at: '2024-08-08T07:50:00+08:00' }];
    const count = () => h.ctx.models.punches.countDocuments({ personId: teacher.id, date: '2024-08-08' });
    const stale = await h.asDevice(device.key, '/device-punches', batch('R01-stale-0001', punches, '2024-08-08T16:54:00+08:00'));
    const problem = expectProblem(stale, 400, 'DEVICE_BATCH_STALE', 'body.sentAt');
    expect(problem.detail).to.contain('傳送時間');
    const [id] = device.key.split('.');
    const wrong = `${id}.${'A'.repeat(43)}`;
    expectProblem(await h.asDevice(wrong, '/device-punches', batch('R01-wrong-0001', punches)), 401, 'DEVICE_KEY_INVALID');
    expectProblem(await h.asDevice(undefined, '/device-punches', batch('R01-none-0001', punches)), 401, 'DEVICE_KEY_INVALID');
    // A stranger's body is not even validated: the key comes first.
    expectProblem(await h.asDevice(wrong, '/device-punches', { nonsense: true }), 401, 'DEVICE_KEY_INVALID');
    expectProblem(
      await h.asDevice(device.key, '/device-punches', batch('R01-zone-0001', punches), ['onsite-a-other', 'intranet']),
      403,
      'DEVICE_ZONE_MISMATCH',
    );
    // A person cannot push as a device.
    expectProblem(await h.as(manager, 'POST', '/device-punches', batch('R01-person-0001', punches)), 403, 'DEVICE_REQUIRED');
    expect(await count()).to.equal(0);

    expectProblem(await h.as(teacher, 'DELETE', `/agencies/${agency}/devices/${device.device.id}`), 403, 'ATTENDANCE_MANAGER_REQUIRED');
    const revoked = await h.as<{ status: string }>(manager, 'DELETE', `/agencies/${agency}/devices/${device.device.id}`);
    expect(revoked.status, revoked.text).to.equal(200);
    expect(revoked.body.status).to.equal('revoked');
    expectProblem(await h.asDevice(device.key, '/device-punches', batch('R01-revoked-0001', punches)), 401, 'DEVICE_REVOKED');
    expectProblem(await h.as(manager, 'DELETE', `/agencies/${agency}/devices/pd-0000000000000000`), 404, 'DEVICE_NOT_FOUND');
    expect(await count()).to.equal(0);
  });
});
