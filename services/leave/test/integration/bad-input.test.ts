import { expect } from 'chai';
import mongoose from 'mongoose';
import { AttachmentStore } from '../../src/usecases/shared/attachment-store.ts';
import { expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { ApiResponse, FormBody } from '../harness.ts';

/**
 * Every bad input the issue lists gets a 400/409 problem naming the field and
 * the rule, and nothing is stored: neither a form nor a change of a balance.
 */
describe('bad input gets a clear answer and stores nothing (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('bad-input');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const lin = person('林志明');
  const boss = manager('陳主任');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20)]);

  const leave = (extra: Record<string, unknown>) => ({
    leaveType: 'annual',
    start: '113-08-20 08:00',
    end: '113-08-20 17:15',
    reason: '私事',
    ...extra,
  });
  let existingFormId: string;

  before(async () => {
    await h.start();
    await h.directory.add(su, chan, lin, boss);
    for (const id of [chan.id, lin.id]) await h.as(su, 'POST', '/deputies', { personId: id });
    await h.as(chan, 'POST', '/deputies', { personId: su.id });
    await h.as(chan, 'POST', '/deputies', { personId: lin.id });
    // 凱米颱風: work stopped all day on 113-07-24 and 113-08-22 in this agency
    const typhoon = await h.as(boss, 'POST', `/agencies/${su.agencyId}/calendar-entries`, {
      date: '113-08-22',
      kind: 'closure',
      name: '颱風停止上班',
    });
    expect(typhoon.status).to.equal(201);
    // allocations happen on first need; make them happen now so that "nothing stored" compares like with like
    await h.as(su, 'GET', '/leave-types');
    await h.as(chan, 'GET', '/leave-types');
    const res = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', leave({ start: '113-08-26 08:00', end: '113-08-26 17:15' }));
    existingFormId = res.body.items[0]!.id;
  });
  after(() => h.stop());

  async function refused(call: () => Promise<ApiResponse>, status: number, code: string, field?: string) {
    const before = await h.counts();
    const problem = expectProblem(await call(), status, code, field);
    expect(await h.counts(), 'nothing stored').to.deep.equal(before);
    return problem;
  }
  const submit =
    (body: unknown, who = su) =>
    () =>
      h.as(who, 'POST', '/forms/leave', body);

  it('end before start → 400 END_BEFORE_START on 請假迄時', async () => {
    const p = await refused(submit(leave({ start: '113-08-20 17:00', end: '113-08-20 09:00' })), 400, 'END_BEFORE_START', 'body.end');
    expect(p.errors![0]!.label).to.equal('請假迄時');
  });

  it('a zero-hour request (only the lunch break) → 400 ZERO_DURATION', () =>
    refused(submit(leave({ start: '113-08-20 12:00', end: '113-08-20 13:15' })), 400, 'ZERO_DURATION', 'body.end'));

  it('a weekend-only interval → 400 NO_WORKDAY', () =>
    refused(submit(leave({ start: '113-08-24 08:00', end: '113-08-25 17:15' })), 400, 'NO_WORKDAY', 'body.start'));

  it('a typhoon-closure day only → 400 NO_WORKDAY; around it the closure is not counted', async () => {
    await refused(submit(leave({ start: '113-08-22 08:00', end: '113-08-22 17:15' })), 400, 'NO_WORKDAY', 'body.start');
    const res = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', leave({ start: '113-08-21 08:00', end: '113-08-23 17:15' }));
    expect(res.body.items[0]!.duration).to.equal('2日0小時');
    await h.as(su, 'POST', `/forms/${res.body.items[0]!.id}/withdraw`);
  });

  it('invalid ROC dates (112-02-29) → 400 naming the field', async () => {
    const p = await refused(submit(leave({ start: '112-02-29 08:00', end: '112-02-29 17:15' })), 400, 'VALIDATION_FAILED', 'body.start');
    expect(p.detail).to.contain('112-02-29');
  });

  it('overlap with my own pending leave → 409 OVERLAP', async () => {
    const p = await refused(submit(leave({ start: '113-08-26 13:15', end: '113-08-27 17:15' })), 409, 'OVERLAP', 'body.start');
    expect(p.detail).to.contain('113-08-26');
    expect(existingFormId).to.be.a('string');
  });

  it('an exhausted balance → 409 INSUFFICIENT_BALANCE naming what is left', async () => {
    const p = await refused(
      submit(leave({ leaveType: 'personal', start: '113-09-02 08:00', end: '113-09-11 17:15' })),
      409,
      'INSUFFICIENT_BALANCE',
      'body.leaveType',
    );
    expect(p.detail).to.contain('事假剩餘7日0小時').and.contain('不足本次8日0小時');
  });

  it('missing location for 公出, 出差 and 公假 → 400 LOCATION_REQUIRED (地點不得空白)', async () => {
    for (const leaveType of ['official-outing', 'business-trip', 'official']) {
      const p = await refused(submit(leave({ leaveType })), 400, 'LOCATION_REQUIRED', 'body.location');
      expect(p.detail).to.equal('地點：地點不得空白');
    }
  });

  it('a location over 20 characters → 400 (地點上限20個字)', async () => {
    const p = await refused(
      submit(leave({ leaveType: 'official-outing', location: '高雄市政府教育局第一會議室及第二會議室聯合會場' })),
      400,
      'VALIDATION_FAILED',
      'body.location',
    );
    expect(p.errors![0]).to.include({ label: '地點', message: '地點上限20個字' });
  });

  it('missing or blank reason → 400 on 事由', async () => {
    await refused(submit(leave({ reason: undefined })), 400, 'VALIDATION_FAILED', 'body.reason');
    const p = await refused(submit(leave({ reason: '   ' })), 400, 'VALIDATION_FAILED', 'body.reason');
    expect(p.errors![0]).to.include({ label: '事由', message: '事由不得空白' });
  });

  it("a deputy who is on leave → 409 DEPUTY_ON_LEAVE with the seed's message", async () => {
    const chans = await h.as<{ items: FormBody[] }>(
      chan,
      'POST',
      '/forms/leave',
      leave({ start: '113-09-02 08:00', end: '113-09-02 17:15' }),
    );
    expect(chans.status).to.equal(201);
    const p = await refused(
      submit(leave({ start: '113-09-02 08:00', end: '113-09-02 12:00', deputyId: chan.id })),
      409,
      'DEPUTY_ON_LEAVE',
      'body.deputyId',
    );
    expect(p.detail).to.contain('在請假區間有尚未批核完成的差假申請單，無法再執行代理業務。');
  });

  it('a deputy not on my list → 400 DEPUTY_NOT_IN_LIST', () =>
    refused(
      submit(leave({ start: '113-09-03 08:00', end: '113-09-03 12:00', deputyId: boss.id })),
      400,
      'DEPUTY_NOT_IN_LIST',
      'body.deputyId',
    ));

  it('oversize and forbidden attachments are refused at upload; over 10 MB in total at submit', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]);
    expectProblem(
      await h.as(su, 'POST', '/attachments?filename=big.pdf', big, { 'content-type': 'application/pdf' }),
      400,
      'ATTACHMENT_TOO_LARGE',
      'body',
    );
    expectProblem(
      await h.as(su, 'POST', '/attachments?filename=setup.exe', Buffer.from('MZ\x90\x00\x03'), {
        'content-type': 'application/octet-stream',
      }),
      400,
      'ATTACHMENT_TYPE_FORBIDDEN',
      'body',
    );
    expectProblem(
      await h.as(su, 'POST', '/attachments?filename=report.pdf', Buffer.from('MZ\x90\x00\x03'), { 'content-type': 'application/pdf' }),
      400,
      'ATTACHMENT_TYPE_MISMATCH',
      'body',
    );
    const six = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * 1024 * 1024)]);
    const a = await h.as<{ id: string }>(su, 'POST', '/attachments?filename=a.pdf', six, { 'content-type': 'application/pdf' });
    const b = await h.as<{ id: string }>(su, 'POST', '/attachments?filename=b.pdf', six, { 'content-type': 'application/pdf' });
    expect([a.status, b.status]).to.deep.equal([201, 201]);
    await refused(
      submit(leave({ leaveType: 'sick', start: '113-09-04 08:00', end: '113-09-05 17:15', attachmentIds: [a.body.id, b.body.id] })),
      400,
      'ATTACHMENTS_TOO_LARGE',
      'body.attachmentIds',
    );
  });

  it('sick leave of 2 days without a certificate → 400 ATTACHMENT_REQUIRED; with one it is stored in GridFS and downloadable', async () => {
    await refused(
      submit(leave({ leaveType: 'sick', start: '113-09-04 08:00', end: '113-09-05 17:15' })),
      400,
      'ATTACHMENT_REQUIRED',
      'body.attachmentIds',
    );
    const up = await h.as<{ id: string; size: number; contentType: string }>(
      su,
      'POST',
      `/attachments?filename=${encodeURIComponent('診斷證明書.pdf')}`,
      pdf,
      { 'content-type': 'application/pdf' },
    );
    expect(up.body).to.include({ size: pdf.length, contentType: 'application/pdf' });
    const res = await h.as<{ items: FormBody[] }>(
      su,
      'POST',
      '/forms/leave',
      leave({ leaveType: 'sick', start: '113-09-04 08:00', end: '113-09-05 17:15', attachmentIds: [up.body.id] }),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const form = res.body.items[0]!;
    const download = await h.as(chan, 'GET', `/forms/${form.id}/attachments/${up.body.id}`);
    expect(download.status).to.equal(200);
    expect(download.raw.equals(pdf)).to.equal(true);
    expect(download.headers.get('content-disposition')).to.contain(encodeURIComponent('診斷證明書.pdf'));
    expect((await h.as(boss, 'GET', `/forms/${form.id}/attachments/${up.body.id}`)).status, 'attendance manager').to.equal(200);
    expectProblem(await h.as(lin, 'GET', `/forms/${form.id}/attachments/${up.body.id}`), 404, 'FORM_NOT_FOUND');
  });

  it('an attachment cannot be reused by another form or by someone else', async () => {
    const up = await h.as<{ id: string }>(chan, 'POST', '/attachments?filename=x.pdf', pdf, { 'content-type': 'application/pdf' });
    await refused(
      submit(leave({ leaveType: 'sick', start: '113-09-10 08:00', end: '113-09-10 12:00', attachmentIds: [up.body.id] })),
      400,
      'ATTACHMENT_NOT_FOUND',
      'body.attachmentIds',
    );
  });

  describe('attachments are claimed before the form is written', () => {
    const files = () => h.runtime.mongo.db!.collection('attachments.files');
    const upload = async (name: string) =>
      (await h.as<{ id: string }>(su, 'POST', `/attachments?filename=${name}`, pdf, { 'content-type': 'application/pdf' })).body.id;
    const claimOf = async (id: string) =>
      ((await files().findOne({ _id: new mongoose.Types.ObjectId(id) })) as { metadata?: { formId?: string } } | null)?.metadata?.formId;
    const sick = (attachmentIds: string[]) => leave({ leaveType: 'sick', start: '113-09-16 08:00', end: '113-09-17 17:15', attachmentIds });

    it('a file another form took between the check and the write → 400 ATTACHMENT_IN_USE; no form, no reservation, the file stays with that form', async () => {
      const id = await upload('race.pdf');
      const store = h.ctx.attachments;
      // The other form claims the file right after this request has read it as free.
      store.find = async (ids) => {
        const found = await AttachmentStore.prototype.find.call(store, ids);
        await files().updateOne({ _id: new mongoose.Types.ObjectId(id) }, { $set: { 'metadata.formId': 'other-form' } });
        return found;
      };
      const before = await h.counts();
      try {
        expectProblem(await submit(sick([id]))(), 400, 'ATTACHMENT_IN_USE', 'body.attachmentIds');
      } finally {
        delete (store as Partial<AttachmentStore>).find;
      }
      const after = await h.counts();
      expect({ forms: after.forms, balances: after.balances }, 'no form, no reservation').to.deep.equal({
        forms: before.forms,
        balances: before.balances,
      });
      expect(await claimOf(id)).to.equal('other-form');
    });

    it('a storage failure while claiming the files → 500; no form, no reservation, no claim', async () => {
      const id = await upload('down.pdf');
      const store = h.ctx.attachments;
      store.claim = () => Promise.reject(new Error('GridFS unreachable'));
      try {
        const before = await h.counts();
        const res = await h.as(su, 'POST', '/forms/leave', sick([id]));
        expect(res.status, JSON.stringify(res.body)).to.equal(500);
        expect(await h.counts(), 'nothing stored').to.deep.equal(before);
      } finally {
        delete (store as Partial<AttachmentStore>).claim;
      }
      expect(await claimOf(id)).to.equal(undefined);
    });

    it('a form that cannot be written gives back the files it claimed and the time it reserved', async () => {
      const id = await upload('lost.pdf');
      const forms = h.ctx.models.forms as unknown as { create: unknown };
      forms.create = () => Promise.reject(new Error('FerretDB unreachable'));
      try {
        const before = await h.counts();
        expect((await h.as(su, 'POST', '/forms/leave', sick([id]))).status).to.equal(500);
        expect(await h.counts(), 'nothing stored').to.deep.equal(before);
      } finally {
        delete forms.create;
      }
      expect(await claimOf(id)).to.equal(undefined);
      // and the same file then goes with a form that is written
      const ok = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', sick([id]));
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
      expect(await claimOf(id)).to.equal(ok.body.items[0]!.id);
    });
  });

  it('an interval over a year → 400 INTERVAL_TOO_LONG on 請假迄時', async () => {
    const p = await refused(submit(leave({ start: '113-08-20 08:00', end: '114-08-22 17:15' })), 400, 'INTERVAL_TOO_LONG', 'body.end');
    expect(p.detail).to.contain('一年為限');
  });

  it('remarks (註記) are stored and shown; one not on the list → 400 on 註記', async () => {
    await refused(
      submit(leave({ start: '113-09-19 08:00', end: '113-09-19 12:00', remarks: ['已送陳機關長官核准在案', '隨便寫的註記'] })),
      400,
      'VALIDATION_FAILED',
      'body.remarks.1',
    );
    const remarks = ['已送陳機關長官核准在案', '具出差性質可請領差旅費'];
    const res = await h.as<{ items: FormBody[] }>(
      su,
      'POST',
      '/forms/leave',
      leave({ leaveType: 'official-outing', location: '教育局', start: '113-09-19 08:00', end: '113-09-19 12:00', remarks }),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.items[0]!.remarks).to.deep.equal(remarks);
    expect((await h.ctx.models.forms.findById(res.body.items[0]!.id).lean())!.remarks).to.deep.equal(remarks);
    const shown = await h.as<FormBody>(chan, 'GET', `/forms/${res.body.items[0]!.id}`);
    expect(shown.body.remarks).to.deep.equal(remarks);
  });

  it('types with rules of their own: who may take them, their window, their relationship', async () => {
    await refused(
      submit(leave({ leaveType: 'maternity', start: '113-09-02 00:00', end: '113-10-14 00:00', eventDate: '113-09-02' })),
      400,
      'LEAVE_TYPE_NOT_ELIGIBLE',
      'body.leaveType',
    );
    await refused(submit(leave({ leaveType: 'marriage', eventDate: '113-12-01' })), 400, 'OUTSIDE_WINDOW', 'body.start');
    await refused(submit(leave({ leaveType: 'bereavement', eventDate: '113-08-18' })), 400, 'RELATIONSHIP_REQUIRED', 'body.relationship');
    await refused(submit(leave({ leaveType: 'marriage' })), 400, 'EVENT_DATE_REQUIRED', 'body.eventDate');
    await refused(submit(leave({ leaveType: 'wellbeing' })), 400, 'LEAVE_TYPE_UNKNOWN', 'body.leaveType');
    await refused(submit(leave({ leaveType: 'annual', start: '113-08-20 08:00', end: '113-08-20 09:30' })), 400, 'LEAVE_UNIT', 'body.end');
    await refused(submit(leave({ leaveType: 'holiday' })), 400, 'VALIDATION_FAILED', 'body.leaveType');
  });

  it('filing for someone else without authority → 403', async () => {
    expectProblem(
      await h.as(chan, 'POST', '/forms/leave', leave({ applicantIds: [su.id], start: '113-09-12 08:00', end: '113-09-12 12:00' })),
      403,
      'NOT_AUTHORISED_TO_FILE',
    );
  });

  it("calls without the gateway's assertion are refused", async () => {
    const res = await fetch(`${h.http.url}/forms`, { headers: { 'x-user-id': su.id } });
    expect(res.status).to.equal(401);
  });
});
