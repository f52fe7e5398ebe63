import { expect } from 'chai';
import { expectProblem, LeaveHarness, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}

/**
 * The absence index (models/absence-index.ts) answers "the person's forms
 * overlapping this interval" without a query on the forms collection. What
 * must hold: forms filed before a person had an index are found; a modified
 * form is found at its new period and no longer at its old one; a withdrawn
 * form no longer blocks; a deputy's own leave is found through their index.
 */
describe('leave: the absence index (overlap and deputy checks by _id)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('absence-index');
  const ho = person('何美玲');
  const kao = person('高志強');
  const tsai = person('蔡依林');

  const annual = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
    leaveType: 'annual',
    start,
    end,
    reason: '家中有事',
    ...extra,
  });
  const submit = async (who: typeof ho, body: unknown) => {
    const res = await h.as<Items<FormBody>>(who, 'POST', '/forms/leave', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.items[0]!;
  };
  const indexOf = (who: typeof ho) => h.ctx.models.absences.findById(who.id).lean();

  before(async () => {
    await h.start([]);
    await h.directory.add(ho, kao, tsai);
    expect((await h.as(ho, 'POST', '/deputies', { personId: kao.id })).status).to.equal(201);
    expect((await h.as(ho, 'POST', '/deputies', { personId: tsai.id })).status).to.equal(201);
    expect((await h.as(kao, 'POST', '/deputies', { personId: tsai.id })).status).to.equal(201);
  });
  after(() => h.stop());

  it("notes each filing in the applicant's index, before the form is written", async () => {
    const form = await submit(ho, annual('113-09-02 08:00', '113-09-02 12:00'));
    const index = await indexOf(ho);
    expect(index?.entries.map((e) => e.formId)).to.include(form.id);
  });

  it('finds forms filed before the person had an index (built from their forms on the next filing)', async () => {
    const old = await submit(ho, annual('113-09-03 08:00', '113-09-03 17:15'));
    // As if both forms had been filed before the index existed.
    await h.ctx.models.absences.deleteOne({ _id: ho.id });
    expectProblem(await h.as(ho, 'POST', '/forms/leave', annual('113-09-03 13:15', '113-09-03 17:15')), 409, 'OVERLAP', 'body.start');
    expectProblem(await h.as(ho, 'POST', '/forms/leave', annual('113-09-02 08:00', '113-09-02 10:00')), 409, 'OVERLAP', 'body.start');
    // Refusals write nothing; the next filing indexes the person from their forms, then notes itself.
    expect(await indexOf(ho)).to.equal(null);
    const next = await submit(ho, annual('113-09-05 08:00', '113-09-05 12:00'));
    const rebuilt = (await indexOf(ho))?.entries.map((e) => e.formId);
    expect(rebuilt).to.include.members([old.id, next.id]);
    expectProblem(await h.as(ho, 'POST', '/forms/leave', annual('113-09-03 08:00', '113-09-03 09:00')), 409, 'OVERLAP', 'body.start');
  });

  it("a deputy's own leave is found through their index, built when first asked (DEPUTY_ON_LEAVE)", async () => {
    await submit(kao, annual('113-09-04 08:00', '113-09-04 17:15'));
    await h.ctx.models.absences.deleteOne({ _id: kao.id });
    const named = await h.as(ho, 'POST', '/forms/leave', annual('113-09-04 08:00', '113-09-04 12:00', { deputyId: kao.id }));
    expectProblem(named, 409, 'DEPUTY_ON_LEAVE', 'body.deputyId');
    expect(await indexOf(kao)).to.not.equal(null);
    // The default skips kao for the next free deputy.
    const byDefault = await submit(ho, annual('113-09-04 08:00', '113-09-04 12:00'));
    expect(byDefault.deputy).to.include({ personId: tsai.id });
  });

  it('a modified form is found at its new period, and its old period is free again', async () => {
    const form = await submit(ho, annual('113-09-09 08:00', '113-09-09 12:00'));
    const modified = await h.as<FormBody>(ho, 'PUT', `/forms/${form.id}`, annual('113-09-10 08:00', '113-09-10 12:00'));
    expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
    expectProblem(await h.as(ho, 'POST', '/forms/leave', annual('113-09-10 10:00', '113-09-10 12:00')), 409, 'OVERLAP', 'body.start');
    await submit(ho, annual('113-09-09 08:00', '113-09-09 12:00'));
  });

  it('a withdrawn form no longer blocks its period, though the index still names it', async () => {
    const form = await submit(ho, annual('113-09-11 08:00', '113-09-11 12:00'));
    const res = await h.as<FormBody>(ho, 'POST', `/forms/${form.id}/withdraw`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect((await indexOf(ho))?.entries.map((e) => e.formId)).to.include(form.id);
    await submit(ho, annual('113-09-11 08:00', '113-09-11 12:00'));
  });
});
