import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import * as seedDemo from '../../src/usecases/seed-demo/index.ts';
import { people, startSystem } from '../harness.ts';

describe('demo flows for npm start (integration)', function () {
  this.timeout(60_000);
  let system: Awaited<ReturnType<typeof startSystem>>;

  before(async () => {
    system = await startSystem();
  });
  after(() => system.stop());

  it("route a demo teacher's long leave to the director, a 人事室 countersign and the principal, idempotently", async () => {
    await seedDemo.execute(system.approval.ctx);
    await seedDemo.execute(system.approval.ctx);
    expect(await system.approval.ctx.flows.Flow.countDocuments()).to.equal(3);
    const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
    const opened = await eventually(
      () =>
        system.approval.ctx.cases
          .findById(caseId)
          .lean()
          .then((c) => c ?? undefined),
      'the case',
    );
    expect(opened.route.map((s) => [s.label, s.approverIds.join()])).to.deep.equal([
      ['單位主管', people.director],
      ['人事室', people.personnel],
      ['校長', people.principal],
    ]);
  });
});
