import { expect } from 'chai';
import { createEvent } from '@webitr/platform';
import { eventually } from '@webitr/testkit';
import * as openCaseUseCase from '../../src/usecases/open-case/index.ts';
import * as remindOverdue from '../../src/usecases/remind-overdue/index.ts';
import { people, SCHOOL, startSystem } from '../harness.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

describe('approval service with the real directory (integration)', function () {
  this.timeout(120_000);
  let system: System;
  let personnelUnitId: string;
  let defaultFlowId: string;
  const asManager = ['attendance-manager'] as const;

  before(async () => {
    system = await startSystem();
    personnelUnitId = (await system.directory.ctx.models.Unit.findOne({ agencyId: SCHOOL, name: '人事室' }).lean())!._id;
  });

  after(() => system.stop());

  const manager = (method: string, path: string, body?: unknown) => system.call(people.personnel, method, path, body, [...asManager]);
  const openCase = (caseId: string) =>
    eventually(async () => ((await system.approval.ctx.cases.exists({ _id: caseId })) ? true : undefined), `case ${caseId} to open`);
  const caseOf = (caseId: string) => system.approval.ctx.cases.findById(caseId).lean();

  // ≤ 3 days: the unit head decides; > 3 days: unit head, 人事室 countersign, principal decides (決行).
  const schoolFlow = () => ({
    name: '教職員差假',
    flowGroupId: 'all-staff',
    categoryGroupId: 'leave',
    steps: [
      { approver: { kind: 'deputy' }, label: '職務代理人' },
      { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'lte', value: 3 } },
      { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'gt', value: 3 } },
      { approver: { kind: 'unit', unitId: personnelUnitId }, label: '人事室', countersign: true, when: { measure: 'days', op: 'gt', value: 3 } },
      { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
    ],
  });

  describe('flow configuration', () => {
    it('is refused to anyone but the agency\'s attendance managers', async () => {
      const res = await system.call(people.teacher, 'PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校', isDefault: true });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('NOT_ATTENDANCE_MANAGER');
    });

    it('refuses a flow that could resolve to nobody: the principal has no unit head above', async () => {
      expect((await manager('PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校', isDefault: true })).status).to.equal(200);
      expect((await manager('PUT', `/agencies/${SCHOOL}/category-groups/leave`, { name: '差假', formKinds: ['leave', 'comp-time'] })).status).to.equal(200);
      const res = await manager('POST', `/agencies/${SCHOOL}/flows`, schoolFlow());
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('FLOW_UNRESOLVABLE');
      expect(res.body.errors[0]).to.include({ field: 'body.steps', label: '批核步驟' });
      expect(res.body.detail).to.contain('單位主管');
      expect(await system.approval.ctx.flows.Flow.countDocuments()).to.equal(0);
    });

    it('accepts it once the principal has a flow group of their own', async () => {
      await manager('PUT', `/agencies/${SCHOOL}/flow-groups/principal`, { name: '校長', personIds: [people.principal] });
      const principalFlow = await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '校長差假',
        flowGroupId: 'principal',
        categoryGroupId: 'leave',
        steps: [{ approver: { kind: 'person', personId: people.cityAdmin }, label: '教育局' }],
      });
      expect(principalFlow.status).to.equal(201);
      const res = await manager('POST', `/agencies/${SCHOOL}/flows`, schoolFlow());
      expect(res.status).to.equal(201);
      defaultFlowId = res.body.id;
      const duplicate = await manager('POST', `/agencies/${SCHOOL}/flows`, schoolFlow());
      expect(duplicate.status).to.equal(409);
      expect(duplicate.body.code).to.equal('FLOW_EXISTS');
    });
  });

  describe('routing and decisions', () => {
    it('up to 3 days: the unit head decides; the applicant and others cannot', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      const inbox = await system.call(people.director, 'GET', '/inbox');
      expect(inbox.body.items.map((i: { caseId: string }) => i.caseId)).to.include(caseId);
      expect((await system.call(people.teacher, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' })).body.code).to.equal('OWN_FORM');
      expect((await system.call(people.personnel, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' })).body.code).to.equal('NOT_YOUR_STEP');
      const decided = await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve', comment: '准' });
      expect(decided.status).to.equal(200);
      expect(decided.body).to.include({ status: 'approved', result: '決行' });
      await eventually(() => system.decisions.approved.find((d) => d.formId === formId), 'the approved event');
      expect(system.decisions.approved.find((d) => d.formId === formId)).to.include({ subject: 'request', submission: 1, decidedBy: people.director });
    });

    it('more than 3 days: unit head, personnel countersign (會畢), principal (決行), with the full history', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(caseId);
      const id = encodeURIComponent(caseId);
      for (const approver of [people.director, people.personnel, people.principal]) {
        const res = await system.call(approver, 'POST', `/cases/${id}/decisions`, { action: 'approve' });
        expect(res.status, approver).to.equal(200);
      }
      const view = await system.call(people.teacher, 'GET', `/cases/${id}`);
      expect(view.body.status).to.equal('approved');
      expect(view.body.route.map((s: { label: string }) => s.label)).to.deep.equal(['單位主管', '人事室', '校長']);
      const decisions = view.body.history.filter((h: { action: string }) => h.action === 'approve');
      expect(decisions.map((h: { actorId: string; result: string; zone: string }) => [h.actorId, h.result, h.zone])).to.deep.equal([
        [people.director, '同意', 'vpn'],
        [people.personnel, '會畢', 'vpn'],
        [people.principal, '決行', 'vpn'],
      ]);
      expect(view.body.history[0]).to.include({ action: 'deputy-consented', actorId: people.director });
      await eventually(() => system.decisions.approved.find((d) => d.formId === formId), 'the approved event');
    });

    it('decides a step once when two clicks race; the other gets 409', async () => {
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(caseId);
      const id = encodeURIComponent(caseId);
      const { version } = (await caseOf(caseId))!;
      const answers = await Promise.all([0, 1, 2].map(() => system.call(people.director, 'POST', `/cases/${id}/decisions`, { action: 'approve', version })));
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409, 409]);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'CASE_CHANGED')).to.equal(true);
      const stored = (await caseOf(caseId))!;
      expect(stored.currentStep).to.equal(1);
      expect(stored.history.filter((h) => h.action === 'approve')).to.have.length(1);
    });

    it('keeps the route of a form in flight when the flow is edited (snapshot)', async () => {
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(caseId);
      const edited = await manager('PUT', `/agencies/${SCHOOL}/flows/${defaultFlowId}`, { ...schoolFlow(), steps: schoolFlow().steps.filter((s) => s.label !== '人事室') });
      expect(edited.status).to.equal(200);
      expect((await caseOf(caseId))!.route.map((s) => s.label)).to.deep.equal(['單位主管', '人事室', '校長']);
      const { caseId: later } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(later);
      expect((await caseOf(later))!.route.map((s) => s.label)).to.deep.equal(['單位主管', '校長']);
    });

    it('rejects only with a reason, and tells the leave service', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      const id = encodeURIComponent(caseId);
      const bare = await system.call(people.director, 'POST', `/cases/${id}/decisions`, { action: 'reject' });
      expect(bare.status).to.equal(400);
      expect(bare.body.code).to.equal('REASON_REQUIRED');
      expect((await caseOf(caseId))!.status).to.equal('in-approval');
      expect((await system.call(people.director, 'POST', `/cases/${id}/decisions`, { action: 'reject', comment: '期末考週' })).status).to.equal(200);
      const rejected = await eventually(() => system.decisions.rejected.find((d) => d.formId === formId), 'the rejected event');
      expect(rejected.reason).to.equal('期末考週');
    });

    it('returns for changes, and a modified form starts a new round that supersedes the old', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      expect((await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'return', comment: '請改為下午' })).status).to.equal(200);
      await eventually(() => system.decisions.returned.find((d) => d.formId === formId), 'the returned event');
      const { caseId: second } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director, formId, submission: 2 });
      await openCase(second);
      expect((await caseOf(second))!.status).to.equal('in-approval');
    });

    it('closes the case when the applicant withdraws (撤回)', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      await system.publish(createEvent('leave.request.withdrawn', { formId, kind: 'leave', applicantId: people.teacher, agencyId: SCHOOL }, 'leave'));
      await eventually(async () => ((await caseOf(caseId))!.status === 'withdrawn' ? true : undefined), 'the case to close');
      const res = await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('CASE_CLOSED');
    });

    it('approves several cases at once (批次核准), each on its own', async () => {
      const a = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      const b = await system.requestApproval({ applicantId: people.teacher, days: 2, deputyId: people.director });
      await Promise.all([openCase(a.caseId), openCase(b.caseId)]);
      const res = await system.call(people.director, 'POST', '/decisions/batch', { caseIds: [a.caseId, b.caseId, 'no-such-case'] });
      expect(res.status).to.equal(200);
      expect(res.body.approved).to.equal(2);
      expect(res.body.results.find((r: { caseId: string }) => r.caseId === 'no-such-case')).to.include({ ok: false, code: 'CASE_NOT_FOUND' });
    });

    it('opens a case for each cancellation (撤銷) asked of an approved form, and one only per request', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      expect((await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' })).status).to.equal(200);
      const { start, end } = (await caseOf(caseId))!;
      const cancellation = (reason: string) =>
        createEvent(
          'leave.request.cancel-requested',
          { formId, kind: 'leave', applicantId: people.teacher, agencyId: SCHOOL, submission: 1, leaveType: 'annual', start: start!.toISOString(), end: end!.toISOString(), minutes: 480, deputyId: people.director, reason },
          'leave',
        );
      const asked = cancellation('改期');
      await system.publish(asked);
      const first = `${formId}:cancellation:1`;
      await openCase(first);
      // Asked again while the first is being decided, or the same request delivered again: nothing more opens.
      expect(await openCaseUseCase.execute(system.approval.ctx, { ...asked.payload, subject: 'cancellation' }, asked.id)).to.equal('already-open');
      expect((await system.call(people.director, 'POST', `/cases/${encodeURIComponent(first)}/decisions`, { action: 'reject', comment: '代課已排定' })).status).to.equal(200);
      await eventually(() => system.decisions.rejected.find((d) => d.formId === formId && d.subject === 'cancellation'), 'the refused cancellation');
      expect(await openCaseUseCase.execute(system.approval.ctx, { ...asked.payload, subject: 'cancellation' }, asked.id)).to.equal('already-open');
      expect(await system.approval.ctx.cases.countDocuments({ formId, subject: 'cancellation' })).to.equal(1);

      // Refused, the form is approved again and its applicant asks once more: a new case, decided on its own.
      await system.publish(cancellation('行程取消'));
      const second = `${formId}:cancellation:1:2`;
      await openCase(second);
      const inbox = await system.call(people.director, 'GET', '/inbox');
      expect(inbox.body.items.filter((i: { formId: string }) => i.formId === formId).map((i: { caseId: string }) => i.caseId)).to.deep.equal([second]);
      expect((await system.call(people.director, 'POST', `/cases/${encodeURIComponent(second)}/decisions`, { action: 'approve' })).status).to.equal(200);
      const approved = await eventually(() => system.decisions.approved.find((d) => d.formId === formId && d.subject === 'cancellation'), 'the approved cancellation');
      expect(approved).to.include({ submission: 1, decidedBy: people.director });
    });
  });

  describe('delegation (代理批核)', () => {
    it('sends the step of an approver on approved leave to their deputy, and the record says so', async () => {
      // The director is away today, with the personnel officer as deputy; the principal approved it.
      const now = Date.now();
      const away = await system.requestApproval({ applicantId: people.director, days: 1, deputyId: people.personnel, start: new Date(now - 3_600_000), end: new Date(now + 86_400_000) });
      await openCase(away.caseId);
      expect((await system.call(people.principal, 'POST', `/cases/${encodeURIComponent(away.caseId)}/decisions`, { action: 'approve' })).status).to.equal(200);

      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(caseId);
      const inbox = await system.call(people.personnel, 'GET', '/inbox');
      expect(inbox.body.items.find((i: { caseId: string }) => i.caseId === caseId)).to.include({ onBehalfOf: people.director });
      const res = await system.call(people.personnel, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' });
      expect(res.status).to.equal(200);
      const entry = (await caseOf(caseId))!.history.find((h) => h.action === 'approve');
      expect(entry).to.include({ actorId: people.personnel, onBehalfOf: people.director, result: '決行' });
    });

    it('does not let the deputy act once the leave is cancelled', async () => {
      const now = Date.now();
      const away = await system.requestApproval({ applicantId: people.director, days: 1, deputyId: people.personnel, start: new Date(now - 3_600_000), end: new Date(now + 86_400_000) });
      await openCase(away.caseId);
      await system.call(people.principal, 'POST', `/cases/${encodeURIComponent(away.caseId)}/decisions`, { action: 'approve' });
      // Cancel every approved leave of the director, this one and the one of the test before.
      for (const c of await system.approval.ctx.cases.find({ applicantId: people.director, status: 'approved' }).lean()) {
        await system.publish(createEvent('leave.request.cancelled', { formId: c.formId, kind: 'leave', applicantId: people.director, agencyId: SCHOOL }, 'leave'));
      }
      await eventually(async () => ((await system.approval.ctx.cases.countDocuments({ applicantId: people.director, status: 'approved', cancelled: { $ne: true } })) === 0 ? true : undefined), 'the cancellations');
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(caseId);
      const res = await system.call(people.personnel, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('NOT_YOUR_STEP');
    });
  });

  describe('reminders', () => {
    it('remind the approvers once when a step waits longer than the working hours allowed', async () => {
      const realNow = system.approval.ctx.now;
      const at = (iso: string) => () => new Date(iso);
      try {
        system.approval.ctx.now = at('2026-11-23T09:00:00+08:00'); // a Monday
        const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
        await openCase(caseId);
        system.approval.ctx.now = at('2026-11-23T11:00:00+08:00'); // 2 working hours
        await remindOverdue.execute(system.approval.ctx, 8);
        expect((await caseOf(caseId))!.remindedStep).to.equal(undefined);
        system.approval.ctx.now = at('2026-11-24T10:00:00+08:00'); // 3 + 4 + 2 = 9 working hours
        expect(await remindOverdue.execute(system.approval.ctx, 8)).to.be.greaterThanOrEqual(1);
        const reminder = await eventually(() => system.decisions.overdue.find((r) => r.caseId === caseId), 'the reminder');
        expect(reminder).to.include({ stepLabel: '單位主管', waitingMinutes: 9 * 60 });
        expect(reminder.approverIds).to.deep.equal([people.director]);
        await remindOverdue.execute(system.approval.ctx, 8);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(system.decisions.overdue.filter((r) => r.caseId === caseId)).to.have.length(1);
        // The reminder did not make the approver's screen stale.
        const res = await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve', version: 0 });
        expect(res.status).to.equal(200);
      } finally {
        system.approval.ctx.now = realNow;
      }
    });
  });

  describe('a form no flow can route', () => {
    it('goes back to the applicant with the reason', async () => {
      await system.approval.ctx.flows.Flow.deleteMany({ flowGroupId: 'principal' });
      const { formId, caseId } = await system.requestApproval({ applicantId: people.principal, days: 1 });
      await openCase(caseId);
      const returned = await eventually(() => system.decisions.returned.find((d) => d.formId === formId), 'the returned event');
      expect(returned.reason).to.contain('批核流程');
      expect((await caseOf(caseId))!.status).to.equal('returned');
    });
  });
});
