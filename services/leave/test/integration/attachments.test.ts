import { expect } from 'chai';
import { execute as expireUnattached } from '../../src/usecases/expire-attachments/index.ts';
import { expectProblem, LeaveHarness, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Upload {
  id: string;
  filename: string;
}

describe('uploads not yet on a form: list, delete, expiry (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('attachments');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const start = new Date('2024-08-01T09:00:00+08:00');
  const upload = async (who: typeof su, filename: string) => {
    const res = await h.as<Upload>(who, 'POST', `/attachments?filename=${encodeURIComponent(filename)}`, pdf, {
      'content-type': 'application/pdf',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body;
  };
  const mine = async (who: typeof su) => (await h.as<{ items: Upload[] }>(who, 'GET', '/attachments')).body.items.map((i) => i.filename);
  const fileIds = async () =>
    (
      await h.runtime.mongo
        .db!.collection('attachments.files')
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => d._id.toString());
  const chunksOf = (id: string) => h.runtime.mongo.db!.collection('attachments.chunks').countDocuments({ files_id: { $in: [id] } });

  let onForm: Upload;
  let spare: Upload;
  let theirs: Upload;

  before(async () => {
    await h.start();
    await h.directory.add(su, chan);
    await h.as(su, 'POST', '/deputies', { personId: chan.id });
    onForm = await upload(su, '診斷證明書.pdf');
    spare = await upload(su, '備用.pdf');
    theirs = await upload(chan, '詹的檔案.pdf');
    const res = await h.as<{ items: FormBody[] }>(su, 'POST', '/forms/leave', {
      leaveType: 'sick',
      start: '113-09-04 08:00',
      end: '113-09-05 17:15',
      reason: '看病',
      attachmentIds: [onForm.id],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });
  after(() => h.stop());

  it('lists only my uploads that no form holds', async () => {
    expect(await mine(su)).to.deep.equal(['備用.pdf']);
    expect(await mine(chan)).to.deep.equal(['詹的檔案.pdf']);
  });

  it("deletes one of mine; another's is 404 and one on a form is 409, both left in place", async () => {
    expectProblem(await h.as(su, 'DELETE', `/attachments/${theirs.id}`), 404, 'ATTACHMENT_NOT_FOUND');
    expectProblem(await h.as(su, 'DELETE', '/attachments/not-an-id'), 404, 'ATTACHMENT_NOT_FOUND');
    expectProblem(await h.as(su, 'DELETE', `/attachments/${onForm.id}`), 409, 'ATTACHMENT_IN_USE');
    expect(await fileIds()).to.include.members([theirs.id, onForm.id]);
    expect((await h.as(su, 'DELETE', `/attachments/${spare.id}`)).status).to.equal(204);
    expect(await mine(su)).to.deep.equal([]);
    expect(await fileIds()).to.not.include(spare.id);
    expect(await chunksOf(spare.id)).to.equal(0);
    expectProblem(await h.as(su, 'DELETE', `/attachments/${spare.id}`), 404, 'ATTACHMENT_NOT_FOUND');
  });

  it('expires uploads no form took after 24 hours, never a file on a form', async () => {
    try {
      h.now = new Date(start.getTime() + 20 * 3600_000);
      const fresh = await upload(su, '新上傳.pdf');
      h.now = new Date(start.getTime() + 25 * 3600_000);
      const result = await expireUnattached(h.ctx, 24 * 3600_000);
      expect(result.expired).to.equal(1);
      const left = await fileIds();
      expect(left, 'the old upload no form took').to.not.include(theirs.id);
      expect(left, "the form's file").to.include(onForm.id);
      expect(left, 'younger than 24 hours').to.include(fresh.id);
      const download = await h.as(
        su,
        'GET',
        `/forms/${(await h.ctx.models.forms.findOne({ applicantId: su.id }).lean())!._id}/attachments/${onForm.id}`,
      );
      expect(download.status).to.equal(200);
      expect(download.raw.equals(pdf)).to.equal(true);
    } finally {
      h.now = start;
    }
  });

  it('claims again, rather than expires, a file a form names whose claim was given back', async () => {
    // What a filing answered as failed after its form was written leaves behind: the form names the file, the file has no claim.
    const files = h.runtime.mongo.db!.collection('attachments.files');
    const _id = (await files.findOne({ filename: { $exists: true }, 'metadata.formId': { $exists: true } }))!._id;
    const form = (await h.ctx.models.forms.findOne({ 'attachments.id': String(_id) }).lean())!;
    await files.updateOne({ _id }, { $unset: { 'metadata.formId': '', 'metadata.claimedAt': '' } });
    try {
      h.now = new Date(start.getTime() + 50 * 3600_000);
      await expireUnattached(h.ctx, 24 * 3600_000);
      expect(await fileIds(), "the form's file").to.include(String(_id));
      expect((await files.findOne({ _id }))!.metadata.formId, 'claimed for its form again').to.equal(form._id);
    } finally {
      h.now = start;
    }
  });
});
