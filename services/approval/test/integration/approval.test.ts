import { expect } from 'chai';
import { createEvent, OUTBOX_LEASE_TERM_MS, StoreLease } from '@webitr/platform';
import { eventually } from '@webitr/testkit';
import * as openCaseUseCase from '../../src/usecases/open-case/index.ts';
import * as recordDeputyConsent from '../../src/usecases/record-deputy-consent/index.ts';
import * as recordDeputyDecline from '../../src/usecases/record-deputy-decline/index.ts';
import * as recordDeputyTransfer from '../../src/usecases/record-deputy-transfer/index.ts';
import * as recordRecalculation from '../../src/usecases/record-recalculation/index.ts';
import * as remindOverdue from '../../src/usecases/remind-overdue/index.ts';
import * as rounds from '../../src/usecases/shared/rounds.ts';
import { people, SCHOOL, startSystem } from '../harness.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

describe('approval service with the real directory (integration)', function () {
  this.timeout(120_000);
  let system: System;
  let personnelUnitId: string;
  let defaultFlowId: string;
  let principalFlowId: string;
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
  const caseReaches = (caseId: string, status: string) =>
    eventually(async () => ((await caseOf(caseId))?.status === status ? true : undefined), `case ${caseId} to be ${status}`);
  const decide = (personId: string, caseId: string, body: Record<string, unknown>) =>
    system.call(personId, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, body);
  const inboxIds = async (personId: string, query = '') => {
    const res = await system.call(personId, 'GET', `/inbox${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return { total: res.body.total as number, ids: (res.body.items as { caseId: string }[]).map((i) => i.caseId) };
  };
  /** The director's approved time off is all cancelled (撤銷): they are at work whenever. */
  async function directorAtWork() {
    for (const c of await system.approval.ctx.cases
      .find({ applicantId: people.director, status: 'approved', cancelled: { $ne: true } })
      .lean()) {
      await system.publish(
        createEvent('leave.request.cancelled', { formId: c.formId, kind: c.kind, applicantId: people.director, agencyId: SCHOOL }, 'leave'),
      );
    }
    await eventually(
      async () =>
        (await system.approval.ctx.cases.countDocuments({ applicantId: people.director, status: 'approved', cancelled: { $ne: true } })) ===
        0
          ? true
          : undefined,
      'earlier absences cancelled',
    );
  }
  /** The director takes time off (now unless told), approved by the principal, with this deputy; earlier absences of theirs are cancelled first. */
  async function directorAway(
    deputyId: string,
    kind: 'leave' | 'comp-time' = 'leave',
    at = { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 86_400_000) },
  ) {
    await directorAtWork();
    const away = await system.requestApproval({ applicantId: people.director, days: 1, deputyId, kind, ...at });
    await openCase(away.caseId);
    expect((await decide(people.principal, away.caseId, { action: 'approve' })).status).to.equal(200);
    return away;
  }

  // ≤ 3 days: the unit head decides; > 3 days: unit head, 人事室 countersign, principal decides (決行).
  const schoolFlow = () => ({
    name: '教職員差假',
    flowGroupId: 'all-staff',
    categoryGroupId: 'leave',
    steps: [
      { approver: { kind: 'deputy' }, label: '職務代理人' },
      { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'lte', value: 3 } },
      { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'gt', value: 3 } },
      {
        approver: { kind: 'unit', unitId: personnelUnitId },
        label: '人事室',
        countersign: true,
        when: { measure: 'days', op: 'gt', value: 3 },
      },
      { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
    ],
  });

  describe('flow configuration', () => {
    it("is refused to anyone but the agency's attendance managers", async () => {
      const res = await system.call(people.teacher, 'PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校', isDefault: true });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('NOT_ATTENDANCE_MANAGER');
    });

    it('saves a flow that routes everyone the run time can route, naming whom it cannot: the principal has no unit head above', async () => {
      expect((await manager('PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校', isDefault: true })).status).to.equal(200);
      expect(
        (await manager('PUT', `/agencies/${SCHOOL}/category-groups/leave`, { name: '差假', formKinds: ['leave', 'comp-time'] })).status,
      ).to.equal(200);
      const res = await manager('POST', `/agencies/${SCHOOL}/flows`, schoolFlow());
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.unroutable).to.have.length(1);
      expect(res.body.unroutable[0]).to.deep.include({
        personId: people.principal,
        personName: '蔡文雄',
        flowId: res.body.id,
        step: '單位主管',
        stepIndex: 1,
        reason: '找不到單位主管（申請人所屬單位及其上級單位皆無其他主管）',
        routedBefore: false,
      });
      expect((await manager('DELETE', `/agencies/${SCHOOL}/flows/${res.body.id}`)).status).to.equal(204);
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
      principalFlowId = principalFlow.body.id;
      const res = await manager('POST', `/agencies/${SCHOOL}/flows`, schoolFlow());
      expect(res.status).to.equal(201);
      expect(res.body.unroutable).to.deep.equal([]);
      defaultFlowId = res.body.id;
      const duplicate = await manager('POST', `/agencies/${SCHOOL}/flows`, schoolFlow());
      expect(duplicate.status).to.equal(409);
      expect(duplicate.body.code).to.equal('FLOW_EXISTS');
    });

    it('one person without a unit freezes nothing: changes still save, naming them; their form is returned with the reason the save gave; a change that breaks others is refused naming each', async () => {
      // 新增員工 without a unit, by the school's agency administrator.
      const created = await system.callDirectory(
        'demo-school-admin',
        'POST',
        `/agencies/${SCHOOL}/people`,
        { nationalId: 'J123456787', name: '陳無單位', jobCategory: '職員' },
        ['agency-admin'],
      );
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const unitless = created.body.id as string;
      const expected = {
        personId: unitless,
        personName: '陳無單位',
        step: '單位主管',
        reason: '找不到單位主管（申請人未隸屬任何單位）',
        routedBefore: false,
      };

      // An edit of the default flow (a countersign's threshold) saves, and names exactly that person.
      const current = (await manager('GET', `/agencies/${SCHOOL}/flows`)).body.flows.find((f: { id: string }) => f.id === defaultFlowId);
      const edited = await manager('PUT', `/agencies/${SCHOOL}/flows/${defaultFlowId}`, { ...schoolFlow(), version: current.version });
      expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
      expect(edited.body.unroutable.map((u: { personId: string }) => u.personId)).to.deep.equal([unitless]);
      expect(edited.body.unroutable[0]).to.deep.include(expected);
      // So does saving a flow group.
      const group = await manager('PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校', isDefault: true });
      expect(group.status, JSON.stringify(group.body)).to.equal(200);
      expect(group.body.unroutable.map((u: { personId: string }) => u.personId)).to.deep.equal([unitless]);

      // The run time answers the same: their form is returned with that step and reason; a colleague's routes.
      const theirs = await system.requestApproval({ applicantId: unitless, days: 1 });
      await openCase(theirs.caseId);
      expect(await caseOf(theirs.caseId)).to.include({ status: 'returned' });
      await eventually(async () => system.decisions.returned.find((d) => d.formId === theirs.formId), 'the form returned');
      expect(system.decisions.returned.find((d) => d.formId === theirs.formId)!.reason).to.equal(
        `步驟「${expected.step}」${expected.reason}`,
      );
      const teachers = await system.requestApproval({ applicantId: people.teacher, days: 1 });
      await openCase(teachers.caseId);
      expect(await caseOf(teachers.caseId)).to.include({ status: 'in-approval' });
      await system.publish(
        createEvent(
          'leave.request.withdrawn',
          { formId: teachers.formId, kind: 'leave', applicantId: people.teacher, agencyId: SCHOOL },
          'leave',
        ),
      );
      await caseReaches(teachers.caseId, 'withdrawn');

      // A flow ending on a countersign routes nobody it serves today: refused, each person named in the problem's fields.
      const countersignLast = await manager('PUT', `/agencies/${SCHOOL}/flows/${defaultFlowId}`, {
        ...schoolFlow(),
        steps: [{ approver: { kind: 'unit', unitId: personnelUnitId }, label: '人事室', countersign: true }],
      });
      expect(countersignLast.status).to.equal(400);
      expect(countersignLast.body.code).to.equal('FLOW_UNRESOLVABLE');
      const named = countersignLast.body.errors as {
        field: string;
        personId: string;
        personName: string;
        step: string;
        reason: string;
        message: string;
      }[];
      expect(named.map((f) => f.personId)).to.include.members([people.teacher, people.director]);
      expect(named.map((f) => f.personId)).to.not.include(unitless);
      expect(named.find((f) => f.personId === people.teacher)).to.include({
        field: 'body.steps',
        step: '教職員差假',
        reason: '沒有可決行的步驟（最後一步須為主管或首長核定，不得為會辦或代理人）',
      });
      expect(countersignLast.body.detail).to.contain('目前可批核的人員會找不到批核者');
    });
  });

  describe('flows: copy, delete, groups', () => {
    it('copies a flow to another category group and deletes it, through the API; forms in flight keep their route', async () => {
      expect(
        (await manager('PUT', `/agencies/${SCHOOL}/category-groups/overtime`, { name: '加班', formKinds: ['overtime'] })).status,
      ).to.equal(200);
      const copied = await manager('POST', `/agencies/${SCHOOL}/flows/${defaultFlowId}/copy`, {
        name: '教職員加班',
        flowGroupId: 'all-staff',
        categoryGroupId: 'overtime',
      });
      expect(copied.status, JSON.stringify(copied.body)).to.equal(201);
      expect(copied.body).to.include({ version: 1 });
      expect(copied.body.id).to.not.equal(defaultFlowId);
      const listed = await manager('GET', `/agencies/${SCHOOL}/flows`);
      const source = listed.body.flows.find((f: { id: string }) => f.id === defaultFlowId);
      const copy = listed.body.flows.find((f: { id: string }) => f.id === copied.body.id);
      expect(copy).to.include({ name: '教職員加班', flowGroupId: 'all-staff', categoryGroupId: 'overtime' });
      expect(copy.steps).to.deep.equal(source.steps);
      // One flow per flow group and category group: copying onto it again is refused.
      const again = await manager('POST', `/agencies/${SCHOOL}/flows/${defaultFlowId}/copy`, {
        name: '再一次',
        flowGroupId: 'all-staff',
        categoryGroupId: 'overtime',
      });
      expect(again.status).to.equal(409);
      expect(again.body.code).to.equal('FLOW_EXISTS');

      // An overtime form follows the copy; the copy is then deleted, and the form keeps its route.
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, kind: 'overtime' });
      await openCase(caseId);
      expect((await caseOf(caseId))!.flowId).to.equal(copied.body.id);
      expect((await system.call(people.teacher, 'DELETE', `/agencies/${SCHOOL}/flows/${copied.body.id}`)).status).to.equal(403);
      expect((await manager('DELETE', `/agencies/${SCHOOL}/flows/${copied.body.id}`)).status).to.equal(204);
      expect((await manager('GET', `/agencies/${SCHOOL}/flows`)).body.flows.map((f: { id: string }) => f.id)).to.not.include(
        copied.body.id,
      );
      const gone = await manager('DELETE', `/agencies/${SCHOOL}/flows/${copied.body.id}`);
      expect(gone.status).to.equal(404);
      expect(gone.body.code).to.equal('FLOW_NOT_FOUND');
      expect((await caseOf(caseId))!.route.map((s) => s.label)).to.deep.equal(['單位主管', '人事室', '校長']);
      expect((await decide(people.director, caseId, { action: 'approve' })).status).to.equal(200);
    });

    it('checks a flow for a group with nobody in it, and again when people join the group', async () => {
      expect((await manager('PUT', `/agencies/${SCHOOL}/flow-groups/nobody-yet`, { name: '尚無人員' })).status).to.equal(200);
      // Nobody in the school holds 系統管理者: whoever joins the group later, this step has no approver.
      const noHolders = await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '無人可批',
        flowGroupId: 'nobody-yet',
        categoryGroupId: 'leave',
        steps: [{ approver: { kind: 'role', role: 'system-admin' }, label: '系統管理者' }],
      });
      expect(noHolders.status).to.equal(400);
      expect(noHolders.body.code).to.equal('FLOW_UNRESOLVABLE');
      // The head two levels up exists for a teacher but not for the director (whose unit head's head is the principal, the top).
      const twoUp = await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '上兩級主管',
        flowGroupId: 'nobody-yet',
        categoryGroupId: 'leave',
        steps: [{ approver: { kind: 'unit-head', levelsUp: 1 }, label: '上級主管' }],
      });
      expect(twoUp.status, JSON.stringify(twoUp.body)).to.equal(201);
      const withDirector = await manager('PUT', `/agencies/${SCHOOL}/flow-groups/nobody-yet`, {
        name: '尚無人員',
        personIds: [people.director],
      });
      expect(withDirector.status).to.equal(400);
      expect(withDirector.body.code).to.equal('FLOW_UNRESOLVABLE');
      expect(withDirector.body.detail).to.contain('上兩級主管');
      const group = (await manager('GET', `/agencies/${SCHOOL}/flows`)).body.flowGroups.find((g: { id: string }) => g.id === 'nobody-yet');
      expect(group.personIds).to.deep.equal([]);
      expect((await manager('DELETE', `/agencies/${SCHOOL}/flows/${twoUp.body.id}`)).status).to.equal(204);
    });
  });

  describe('routing and decisions', () => {
    it('up to 3 days: the unit head decides; the applicant and others cannot', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      const inbox = await system.call(people.director, 'GET', '/inbox');
      expect(inbox.body.items.map((i: { caseId: string }) => i.caseId)).to.include(caseId);
      expect(
        (await system.call(people.teacher, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' })).body.code,
      ).to.equal('OWN_FORM');
      expect(
        (await system.call(people.personnel, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' })).body.code,
      ).to.equal('NOT_YOUR_STEP');
      const decided = await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, {
        action: 'approve',
        comment: '准',
      });
      expect(decided.status).to.equal(200);
      expect(decided.body).to.include({ status: 'approved', result: '決行' });
      await eventually(() => system.decisions.approved.find((d) => d.formId === formId), 'the approved event');
      expect(system.decisions.approved.find((d) => d.formId === formId)).to.include({
        subject: 'request',
        submission: 1,
        decidedBy: people.director,
      });
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

    it("tells each step's approvers it is their turn: approval.step.started in the same write as the opening and as each approval that moves the case on, none after the last", async () => {
      // The relay's lease on the cases' outboxes is held, so what each write put in the case's outbox stays there to be read.
      const collection = system.approval.ctx.cases.collection.collectionName;
      const holder = new StoreLease(system.approval.runtime.mongo, `outbox:${collection}`, { termMs: OUTBOX_LEASE_TERM_MS });
      const pending = async (caseId: string) =>
        Object.values((await caseOf(caseId))!.outbox ?? {})
          .sort((a, b) => a.seq - b.seq)
          .map(({ event }) => (event.type === 'approval.step.started' ? `step ${(event.payload as { step: number }).step}` : event.type));
      await eventually(async () => ((await holder.hold()) ? true : undefined), 'the lease (the relay releases it after each run)');
      const renew = setInterval(() => void holder.hold(), 1_000);
      let formId: string;
      try {
        const opened = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
        formId = opened.formId;
        const { caseId } = opened;
        await openCase(caseId);
        expect(await pending(caseId)).to.deep.equal(['approval.case.opened', 'step 0']);
        expect((await decide(people.director, caseId, { action: 'approve' })).status).to.equal(200);
        expect(await pending(caseId)).to.deep.equal(['approval.case.opened', 'step 0', 'step 1']);
        expect((await decide(people.personnel, caseId, { action: 'approve' })).status).to.equal(200);
        expect(await pending(caseId)).to.deep.equal(['approval.case.opened', 'step 0', 'step 1', 'step 2']);
        // The last step decides (決行): the decision, and no step after it.
        expect((await decide(people.principal, caseId, { action: 'approve' })).status).to.equal(200);
        expect(await pending(caseId)).to.deep.equal(['approval.case.opened', 'step 0', 'step 1', 'step 2', 'approval.form.approved']);
      } finally {
        clearInterval(renew);
        await holder.release();
        system.approval.ctx.relay.kick();
      }
      // Published once the relay may: each step once, to its approvers.
      await eventually(() => system.decisions.approved.find((d) => d.formId === formId), 'the approved event');
      await eventually(
        () => (system.decisions.stepStarted.filter((s) => s.formId === formId).length === 3 ? true : undefined),
        'three steps',
      );
      const steps = system.decisions.stepStarted.filter((s) => s.formId === formId).sort((a, b) => a.step - b.step);
      expect(steps.map((s) => [s.step, s.stepLabel, s.subject])).to.deep.equal([
        [0, '單位主管', 'request'],
        [1, '人事室', 'request'],
        [2, '校長', 'request'],
      ]);
      expect(steps[0]!.approverIds).to.deep.equal([people.director]);
      expect(steps[1]!.approverIds).to.include(people.personnel);
      expect(steps[2]!.approverIds).to.deep.equal([people.principal]);
      expect(steps[0]).to.include({ applicantId: people.teacher, agencyId: SCHOOL, kind: 'leave' });
    });

    it('decides a step once when two clicks race; the other gets 409', async () => {
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(caseId);
      const id = encodeURIComponent(caseId);
      const { version } = (await caseOf(caseId))!;
      const answers = await Promise.all(
        [0, 1, 2].map(() => system.call(people.director, 'POST', `/cases/${id}/decisions`, { action: 'approve', version })),
      );
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409, 409]);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'CASE_CHANGED')).to.equal(true);
      const stored = (await caseOf(caseId))!;
      expect(stored.currentStep).to.equal(1);
      expect(stored.history.filter((h) => h.action === 'approve')).to.have.length(1);
    });

    it('decides a role step once when two of its holders click at once; the other gets 409', async () => {
      // A second 差勤管理者 (the personnel officer is one), granted by the school's agency administrator.
      const granted = await system.callDirectory(
        'demo-school-admin',
        'PUT',
        '/people/demo-school-admin/roles/attendance-manager',
        undefined,
        ['agency-admin'],
      );
      expect(granted.status, JSON.stringify(granted.body)).to.equal(200);
      expect(
        (await manager('PUT', `/agencies/${SCHOOL}/category-groups/punch`, { name: '忘刷卡', formKinds: ['forgotten-punch'] })).status,
      ).to.equal(200);
      const flow = await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '忘刷卡',
        flowGroupId: 'all-staff',
        categoryGroupId: 'punch',
        steps: [{ approver: { kind: 'role', role: 'attendance-manager' }, label: '差勤管理者' }],
      });
      expect(flow.status, JSON.stringify(flow.body)).to.equal(201);
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 0, kind: 'forgotten-punch' });
      await openCase(caseId);
      expect((await caseOf(caseId))!.route[0]!.approverIds).to.have.members([people.personnel, 'demo-school-admin']);

      const answers = await Promise.all(
        [people.personnel, 'demo-school-admin'].map((approver) => decide(approver, caseId, { action: 'approve' })),
      );
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
      expect(['CASE_CHANGED', 'CASE_CLOSED']).to.include(answers.find((a) => a.status === 409)!.body.code);
      const stored = (await caseOf(caseId))!;
      expect(stored.status).to.equal('approved');
      expect(stored.history.filter((h) => h.action === 'approve')).to.have.length(1);
    });

    it('records a comment (意見) without deciding the step', async () => {
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(caseId);
      const res = await decide(people.director, caseId, { action: 'comment', comment: '請補代課表', version: 0 });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({ status: 'in-approval', result: '意見', version: 1 });
      const stored = (await caseOf(caseId))!;
      expect(stored.currentStep).to.equal(0);
      expect(stored.history.at(-1)).to.include({
        action: 'comment',
        actorId: people.director,
        result: '意見',
        comment: '請補代課表',
        zone: 'vpn',
      });
      // Still the director's to decide, on the new version; the screen that showed version 0 is stale.
      expect((await inboxIds(people.director)).ids).to.include(caseId);
      expect((await decide(people.director, caseId, { action: 'approve', version: 0 })).status).to.equal(409);
      expect((await decide(people.director, caseId, { action: 'approve', version: 1 })).body).to.include({
        status: 'in-approval',
        result: '同意',
      });
    });

    it('keeps the route of a form in flight when the flow is edited (snapshot)', async () => {
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 5, deputyId: people.director });
      await openCase(caseId);
      const edited = await manager('PUT', `/agencies/${SCHOOL}/flows/${defaultFlowId}`, {
        ...schoolFlow(),
        steps: schoolFlow().steps.filter((s) => s.label !== '人事室'),
      });
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
      expect(
        (await system.call(people.director, 'POST', `/cases/${id}/decisions`, { action: 'reject', comment: '期末考週' })).status,
      ).to.equal(200);
      const rejected = await eventually(() => system.decisions.rejected.find((d) => d.formId === formId), 'the rejected event');
      expect(rejected.reason).to.equal('期末考週');
    });

    it('returns for changes, and a modified form starts a new round that supersedes the old', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      expect(
        (
          await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, {
            action: 'return',
            comment: '請改為下午',
          })
        ).status,
      ).to.equal(200);
      await eventually(() => system.decisions.returned.find((d) => d.formId === formId), 'the returned event');
      const { caseId: second } = await system.requestApproval({
        applicantId: people.teacher,
        days: 1,
        deputyId: people.director,
        formId,
        submission: 2,
      });
      await openCase(second);
      expect((await caseOf(second))!.status).to.equal('in-approval');
    });

    it('a form modified while in approval: the new round supersedes the old, which can no longer be decided', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      expect((await inboxIds(people.director)).ids).to.include(caseId);
      const { caseId: second } = await system.requestApproval({
        applicantId: people.teacher,
        days: 2,
        deputyId: people.director,
        formId,
        submission: 2,
      });
      await openCase(second);
      await caseReaches(caseId, 'superseded');
      const res = await decide(people.director, caseId, { action: 'approve' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('CASE_CLOSED');
      const { ids } = await inboxIds(people.director);
      expect(ids).to.include(second);
      expect(ids).to.not.include(caseId);
      expect((await caseOf(caseId))!.history.at(-1)).to.include({ action: 'superseded', actorId: people.teacher });
    });

    it("supersedes the old round when the new round's request comes again after a crash left its case stored and the old round in approval", async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      const old = (await caseOf(caseId))!;
      const request = createEvent(
        'leave.request.approval-requested',
        {
          formId,
          kind: 'leave',
          applicantId: people.teacher,
          agencyId: SCHOOL,
          submission: 2,
          leaveType: 'annual',
          start: old.start!.toISOString(),
          end: old.end!.toISOString(),
          minutes: 480,
          deputyId: people.director,
        },
        'leave',
      );
      // The process stored the new round's case, then died before acknowledging the request: the broker delivers it again.
      const second = `${formId}:request:2`;
      await system.approval.ctx.cases.create({
        ...old,
        _id: second,
        submission: 2,
        requestEventId: request.id,
        history: [],
        version: 0,
        openedAt: new Date(),
      });
      expect((await caseOf(caseId))!.status).to.equal('in-approval');
      await system.publish(request);
      await caseReaches(caseId, 'superseded');
      const res = await decide(people.director, caseId, { action: 'approve' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('CASE_CLOSED');
      expect((await inboxIds(people.director)).ids).to.not.include(caseId);
      expect(await system.approval.ctx.cases.countDocuments({ formId })).to.equal(2);
    });

    it('a form modified while in approval stops its round at once, though no new round follows (the deputy declined the change)', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      await system.publish(
        createEvent(
          'leave.request.modified',
          { formId, kind: 'leave', applicantId: people.teacher, agencyId: SCHOOL, submission: 2, status: 'waiting-for-deputy' },
          'leave',
        ),
      );
      await caseReaches(caseId, 'superseded');
      const res = await decide(people.director, caseId, { action: 'approve' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('CASE_CLOSED');
      expect((await inboxIds(people.director)).ids).to.not.include(caseId);
      // Applied once: the same change handled again touches nothing.
      const { version } = (await caseOf(caseId))!;
      expect(
        await rounds.supersede(system.approval.ctx, { formId, applicantId: people.teacher, subject: 'request', submission: 2 }),
      ).to.deep.equal({ superseded: 0, latest: 2 });
      expect((await caseOf(caseId))!.version).to.equal(version);
    });

    it('opens nothing for a round the applicant modified before its request arrived, though the new round has no case yet', async () => {
      const ctx = system.approval.ctx;
      const { formId, caseId, event } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      // Modified again (round 2, still with the deputy); the round-1 request is then delivered again.
      await system.publish(
        createEvent(
          'leave.request.modified',
          { formId, kind: 'leave', applicantId: people.teacher, agencyId: SCHOOL, submission: 2, status: 'waiting-for-deputy' },
          'leave',
        ),
      );
      await caseReaches(caseId, 'superseded');
      await ctx.cases.deleteOne({ _id: caseId }); // as if round 1 had never been opened
      expect(await openCaseUseCase.execute(ctx, { ...event.payload, subject: 'request', requestEventId: event.id })).to.equal('superseded');
      expect(await ctx.cases.exists({ formId })).to.equal(null);
      expect(await rounds.latestRound(ctx, formId)).to.equal(2);
      // The record only goes up: a late modification for an earlier round does not lower it.
      await rounds.supersede(ctx, { formId, applicantId: people.teacher, subject: 'request', submission: 1 });
      expect(await rounds.latestRound(ctx, formId)).to.equal(2);
    });

    it('closes a round whose modification was handled while its case was being opened', async () => {
      const ctx = system.approval.ctx;
      const { formId, caseId, event } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      await ctx.cases.deleteOne({ _id: caseId });
      // The modified handler runs from start to end after the round check and before the case is stored.
      const modifiedMeanwhile = {
        ...ctx,
        person: async (personId: string) => {
          await rounds.supersede(ctx, { formId, applicantId: people.teacher, subject: 'request', submission: 2 });
          return ctx.person(personId);
        },
      };
      expect(await openCaseUseCase.execute(modifiedMeanwhile, { ...event.payload, subject: 'request', requestEventId: event.id })).to.equal(
        'superseded',
      );
      expect((await caseOf(caseId))!.status).to.equal('superseded');
    });

    it('follows a recalculation (a holiday inside the form): the case shows the new time, says why, keeps its route; redelivered or older, nothing changes', async () => {
      const formId = `recalc-${Date.now()}`;
      const form = { formId, kind: 'leave' as const, applicantId: people.teacher, agencyId: SCHOOL };
      const caseId = `${formId}:request:1`;
      const start = new Date(Date.now() + 14 * 86_400_000);
      await system.publish(
        createEvent(
          'leave.request.approval-requested',
          {
            ...form,
            submission: 1,
            leaveType: 'annual',
            start: start.toISOString(),
            end: new Date(start.getTime() + 2 * 86_400_000).toISOString(),
            minutes: 2 * 480,
            deputyId: people.director,
            details: {
              applicantName: '陳怡君',
              title: '休假',
              period: '114-10-09(四) 08:00 ~ 114-10-10(五) 16:00',
              duration: '2日0小時',
              reason: '返鄉',
              balance: {
                ledger: 'annual',
                period: '2025',
                unit: 'minutes' as const,
                remaining: 5 * 480,
                remainingText: '5日0小時',
                asOf: new Date().toISOString(),
              },
            },
          },
          'leave',
        ),
      );
      await openCase(caseId);
      const opened = (await caseOf(caseId))!;
      const recalculated = createEvent(
        'leave.request.recalculated',
        {
          ...form,
          formVersion: 6,
          submission: 1,
          status: 'in-approval',
          minutes: 480,
          previousMinutes: 2 * 480,
          duration: '1日0小時',
          reason: '匯入114年辦公日曆表',
        },
        'leave',
      );
      await system.publish(recalculated);
      await eventually(async () => ((await caseOf(caseId))!.minutes === 480 ? true : undefined), 'the recalculation');

      const view = await system.call(people.teacher, 'GET', `/cases/${encodeURIComponent(caseId)}`);
      expect(view.status, JSON.stringify(view.body)).to.equal(200);
      expect(view.body.form).to.include({ minutes: 480, days: 1, hours: 0, duration: '1日0小時', reason: '返鄉' });
      expect(view.body.form.balance, 'a balance not derivable from the event is not shown').to.equal(undefined);
      expect(view.body.route).to.deep.equal(
        opened.route.map((s, i) => ({
          label: s.label,
          approverIds: s.approverIds,
          countersign: s.countersign,
          final: s.final,
          current: i === opened.currentStep,
        })),
      );
      expect(view.body.version).to.equal(opened.version + 1);
      const entries = () => caseOf(caseId).then((c) => c!.history.filter((h) => h.action === 'recalculated'));
      expect(await entries()).to.have.length(1);
      expect((await entries())[0]).to.include({
        actorId: 'system',
        result: '核計時數變更',
        comment: '匯入114年辦公日曆表：由 2日0小時 改為 1日0小時',
      });
      // An approver whose screen showed the old time decides again on the new one.
      expect((await decide(people.director, caseId, { action: 'approve', version: opened.version })).body.code).to.equal('CASE_CHANGED');

      // The same recalculation again (past the inbox: another delivery of it), and an older one delivered late: nothing changes.
      const ctx = system.approval.ctx;
      const settled = await caseOf(caseId);
      await recordRecalculation.execute(ctx, recalculated.payload);
      await recordRecalculation.execute(ctx, { ...recalculated.payload, formVersion: 5, minutes: 3 * 480, duration: '3日0小時' });
      expect(await caseOf(caseId)).to.deep.equal(settled);
    });

    it('closes the case when the applicant withdraws (撤回)', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      await system.publish(
        createEvent('leave.request.withdrawn', { formId, kind: 'leave', applicantId: people.teacher, agencyId: SCHOOL }, 'leave'),
      );
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
      expect(res.body.results.find((r: { caseId: string }) => r.caseId === 'no-such-case')).to.include({
        ok: false,
        code: 'CASE_NOT_FOUND',
      });
    });

    it('opens a case for each cancellation (撤銷) asked of an approved form, and one only per request', async () => {
      const { formId, caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
      await openCase(caseId);
      expect(
        (await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' })).status,
      ).to.equal(200);
      const { start, end } = (await caseOf(caseId))!;
      const cancellation = (reason: string) =>
        createEvent(
          'leave.request.cancel-requested',
          {
            formId,
            kind: 'leave',
            applicantId: people.teacher,
            agencyId: SCHOOL,
            submission: 1,
            leaveType: 'annual',
            start: start!.toISOString(),
            end: end!.toISOString(),
            minutes: 480,
            deputyId: people.director,
            reason,
          },
          'leave',
        );
      const asked = cancellation('改期');
      await system.publish(asked);
      const first = `${formId}:cancellation:1`;
      await openCase(first);
      // Asked again while the first is being decided, or the same request delivered again: nothing more opens.
      expect(
        await openCaseUseCase.execute(system.approval.ctx, { ...asked.payload, subject: 'cancellation', requestEventId: asked.id }),
      ).to.equal('already-open');
      expect(
        (
          await system.call(people.director, 'POST', `/cases/${encodeURIComponent(first)}/decisions`, {
            action: 'reject',
            comment: '代課已排定',
          })
        ).status,
      ).to.equal(200);
      await eventually(
        () => system.decisions.rejected.find((d) => d.formId === formId && d.subject === 'cancellation'),
        'the refused cancellation',
      );
      expect(
        await openCaseUseCase.execute(system.approval.ctx, { ...asked.payload, subject: 'cancellation', requestEventId: asked.id }),
      ).to.equal('already-open');
      expect(await system.approval.ctx.cases.countDocuments({ formId, subject: 'cancellation' })).to.equal(1);

      // Refused, the form is approved again and its applicant asks once more: a new case, decided on its own.
      await system.publish(cancellation('行程取消'));
      const second = `${formId}:cancellation:1:2`;
      await openCase(second);
      const inbox = await system.call(people.director, 'GET', '/inbox');
      expect(
        inbox.body.items.filter((i: { formId: string }) => i.formId === formId).map((i: { caseId: string }) => i.caseId),
      ).to.deep.equal([second]);
      expect(
        (await system.call(people.director, 'POST', `/cases/${encodeURIComponent(second)}/decisions`, { action: 'approve' })).status,
      ).to.equal(200);
      const approved = await eventually(
        () => system.decisions.approved.find((d) => d.formId === formId && d.subject === 'cancellation'),
        'the approved cancellation',
      );
      expect(approved).to.include({ submission: 1, decidedBy: people.director });
    });
  });

  describe('inbox (批核案件)', () => {
    it('counts the forms waiting for me (the home page) and filters them by kind, 申請/撤銷 and when they were sent', async () => {
      const since = new Date();
      const a = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(a.caseId);
      const b = await system.requestApproval({ applicantId: people.teacher, days: 2, deputyId: people.principal });
      await openCase(b.caseId);
      const c = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal, kind: 'comp-time' });
      await openCase(c.caseId);
      const between = new Date();
      const d = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(d.caseId);
      const from = `?from=${encodeURIComponent(since.toISOString())}`;

      expect(await inboxIds(people.director, from)).to.deep.equal({ total: 4, ids: [d.caseId, c.caseId, b.caseId, a.caseId] });
      expect(await inboxIds(people.director, `${from}&limit=2`)).to.deep.equal({ total: 4, ids: [d.caseId, c.caseId] });
      expect(await inboxIds(people.director, `${from}&kind=comp-time`)).to.deep.equal({ total: 1, ids: [c.caseId] });
      expect(await inboxIds(people.director, `${from}&to=${encodeURIComponent(between.toISOString())}`)).to.deep.equal({
        total: 3,
        ids: [c.caseId, b.caseId, a.caseId],
      });
      expect(await inboxIds(people.director, `${from}&subject=cancellation`)).to.deep.equal({ total: 0, ids: [] });
      const all = await inboxIds(people.director);
      expect(all.total).to.be.greaterThan(4);
      expect(all.ids).to.include.members([a.caseId, b.caseId, c.caseId, d.caseId]);
      // Decided, a case leaves the inbox and the count.
      expect((await decide(people.director, a.caseId, { action: 'approve' })).status).to.equal(200);
      expect(await inboxIds(people.director, from)).to.deep.equal({ total: 3, ids: [d.caseId, c.caseId, b.caseId] });
      // Someone else's inbox does not show them.
      expect((await inboxIds(people.personnel, from)).total).to.equal(0);

      const backwards = await system.call(
        people.director,
        'GET',
        `/inbox?from=${encodeURIComponent(between.toISOString())}&to=${encodeURIComponent(since.toISOString())}`,
      );
      expect(backwards.status).to.equal(400);
    });
  });

  describe('my decisions (批核紀錄)', () => {
    it('lists the cases I decided, newest first, with what I did and where each stands, and names the route in the case', async () => {
      const a = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      const b = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      const untouched = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(a.caseId);
      await openCase(b.caseId);
      await openCase(untouched.caseId);
      expect((await decide(people.director, a.caseId, { action: 'comment', comment: '請補附件' })).status).to.equal(200);
      expect((await decide(people.director, a.caseId, { action: 'approve' })).status).to.equal(200);
      expect((await decide(people.director, b.caseId, { action: 'return', comment: '日期有誤' })).status).to.equal(200);

      const res = await system.call(people.director, 'GET', '/decisions');
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const ids = (res.body.items as { caseId: string }[]).map((i) => i.caseId);
      expect(ids.indexOf(b.caseId)).to.be.lessThan(ids.indexOf(a.caseId));
      expect(ids).to.not.include(untouched.caseId);
      const first = res.body.items.find((i: { caseId: string }) => i.caseId === a.caseId);
      expect(first.status).to.equal('approved');
      expect(first.form.applicant).to.include({ id: people.teacher });
      expect(first.decisions.map((d: { result: string }) => d.result)).to.deep.equal(['意見', '決行']);
      expect(first.decisions[0]).to.include({ comment: '請補附件', actorId: people.director });
      expect(res.body.items.find((i: { caseId: string }) => i.caseId === b.caseId)).to.deep.include({ status: 'returned' });
      // Paged, and someone else's record does not hold them.
      const paged = await system.call(people.director, 'GET', '/decisions?limit=1');
      expect(paged.body.total).to.equal(res.body.total);
      expect(paged.body.items.map((i: { caseId: string }) => i.caseId)).to.deep.equal([ids[0]]);
      const principal = await system.call(people.principal, 'GET', '/decisions');
      expect(principal.body.items.map((i: { caseId: string }) => i.caseId)).to.not.include.members([a.caseId, b.caseId]);
      expect((await system.call(people.director, 'GET', '/decisions?limit=0')).status).to.equal(400);

      // The case names the people on its route and in its history.
      const view = await system.call(people.teacher, 'GET', `/cases/${encodeURIComponent(a.caseId)}`);
      expect(view.body.names).to.include({ [people.director]: '林志明' });
    });
  });

  describe('delegation (代理批核)', () => {
    it('sends the step of an approver on approved leave to their deputy, and the record says so', async () => {
      // The director is away today, with the personnel officer as deputy; the principal approved it.
      const now = Date.now();
      const away = await system.requestApproval({
        applicantId: people.director,
        days: 1,
        deputyId: people.personnel,
        start: new Date(now - 3_600_000),
        end: new Date(now + 86_400_000),
      });
      await openCase(away.caseId);
      expect(
        (await system.call(people.principal, 'POST', `/cases/${encodeURIComponent(away.caseId)}/decisions`, { action: 'approve' })).status,
      ).to.equal(200);

      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(caseId);
      const inbox = await system.call(people.personnel, 'GET', '/inbox');
      expect(inbox.body.items.find((i: { caseId: string }) => i.caseId === caseId)).to.include({ onBehalfOf: people.director });
      expect(inbox.body.names).to.deep.equal({ [people.director]: '林志明' });
      const res = await system.call(people.personnel, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' });
      expect(res.status).to.equal(200);
      const entry = (await caseOf(caseId))!.history.find((h) => h.action === 'approve');
      expect(entry).to.include({ actorId: people.personnel, onBehalfOf: people.director, result: '決行' });
      // 批核紀錄 says whom the personnel officer acted for, by name.
      const record = await system.call(people.personnel, 'GET', '/decisions');
      const mine = record.body.items.find((i: { caseId: string }) => i.caseId === caseId);
      expect(mine.decisions).to.have.length(1);
      expect(mine.decisions[0]).to.include({ onBehalfOf: people.director, result: '決行' });
      expect(record.body.names).to.include({ [people.director]: '林志明' });
    });

    it('does not let the deputy act once the leave is cancelled', async () => {
      const now = Date.now();
      const away = await system.requestApproval({
        applicantId: people.director,
        days: 1,
        deputyId: people.personnel,
        start: new Date(now - 3_600_000),
        end: new Date(now + 86_400_000),
      });
      await openCase(away.caseId);
      await system.call(people.principal, 'POST', `/cases/${encodeURIComponent(away.caseId)}/decisions`, { action: 'approve' });
      // Cancel every approved leave of the director, this one and the one of the test before.
      for (const c of await system.approval.ctx.cases.find({ applicantId: people.director, status: 'approved' }).lean()) {
        await system.publish(
          createEvent(
            'leave.request.cancelled',
            { formId: c.formId, kind: 'leave', applicantId: people.director, agencyId: SCHOOL },
            'leave',
          ),
        );
      }
      await eventually(
        async () =>
          (await system.approval.ctx.cases.countDocuments({
            applicantId: people.director,
            status: 'approved',
            cancelled: { $ne: true },
          })) === 0
            ? true
            : undefined,
        'the cancellations',
      );
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(caseId);
      const res = await system.call(people.personnel, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, { action: 'approve' });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('NOT_YOUR_STEP');
    });

    it('counts approved comp time taken off (補休) as away too', async () => {
      await directorAway(people.personnel, 'comp-time');
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(caseId);
      const inbox = await system.call(people.personnel, 'GET', '/inbox');
      expect(inbox.body.items.find((i: { caseId: string }) => i.caseId === caseId)).to.include({ onBehalfOf: people.director });
      const res = await decide(people.personnel, caseId, { action: 'approve' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((await caseOf(caseId))!.history.find((h) => h.action === 'approve')).to.include({
        actorId: people.personnel,
        onBehalfOf: people.director,
      });
    });

    it('follows 代理移轉: the new deputy stands in once they consent; a declined transfer leaves the duty where it was', async () => {
      const away = await directorAway(people.personnel);
      const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
      await openCase(caseId);
      const form = { formId: away.formId, kind: 'leave' as const, applicantId: people.director, agencyId: SCHOOL };
      const pendingOf = async (to: string | undefined) => ((await caseOf(away.caseId))!.pendingDeputyId === to ? true : undefined);

      // Handed to the school's 資訊組長, who declines: the personnel officer stands in throughout.
      await system.publish(
        createEvent(
          'leave.request.deputy-transferred',
          { ...form, formVersion: 5, fromDeputyId: people.personnel, toDeputyId: 'demo-school-admin' },
          'leave',
        ),
      );
      await eventually(() => pendingOf('demo-school-admin'), 'the transfer');
      expect((await inboxIds(people.personnel)).ids).to.include(caseId);
      expect((await decide('demo-school-admin', caseId, { action: 'comment', comment: '尚未同意' })).status).to.equal(403);
      await system.publish(
        createEvent(
          'leave.request.deputy-declined',
          { ...form, formVersion: 6, deputyId: 'demo-school-admin', reason: '另有公務', transferredFrom: people.personnel },
          'leave',
        ),
      );
      await eventually(() => pendingOf(undefined), 'the declined transfer');
      expect((await caseOf(away.caseId))!.deputyId).to.equal(people.personnel);

      // Handed again, and consented: now the 資訊組長 acts for the director, and the personnel officer no longer does.
      await system.publish(
        createEvent(
          'leave.request.deputy-transferred',
          { ...form, formVersion: 7, fromDeputyId: people.personnel, toDeputyId: 'demo-school-admin' },
          'leave',
        ),
      );
      await eventually(() => pendingOf('demo-school-admin'), 'the second transfer');
      await system.publish(
        createEvent(
          'leave.request.deputy-consented',
          { ...form, formVersion: 8, deputyId: 'demo-school-admin', transferredFrom: people.personnel },
          'leave',
        ),
      );
      await eventually(async () => ((await caseOf(away.caseId))!.deputyId === 'demo-school-admin' ? true : undefined), 'the new deputy');
      expect((await inboxIds(people.personnel)).ids).to.not.include(caseId);
      const refused = await decide(people.personnel, caseId, { action: 'approve' });
      expect(refused.status).to.equal(403);
      expect(refused.body.code).to.equal('NOT_YOUR_STEP');
      const res = await decide('demo-school-admin', caseId, { action: 'approve' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((await caseOf(caseId))!.history.find((h) => h.action === 'approve')).to.include({
        actorId: 'demo-school-admin',
        onBehalfOf: people.director,
      });
      expect(
        (await caseOf(away.caseId))!.history.filter((h) => h.stepLabel === '代理移轉').map((h) => [h.action, h.actorId]),
      ).to.deep.equal([
        ['deputy-transferred', people.personnel],
        ['deputy-declined', 'demo-school-admin'],
        ['deputy-transferred', people.personnel],
        ['deputy-consented', 'demo-school-admin'],
      ]);
    });

    it('follows 代理移轉 whatever order its events arrive in: an answer met before its transfer leaves no one pending', async () => {
      const ctx = system.approval.ctx;
      const consentedFirst = await directorAway(people.personnel);
      const form = { formId: consentedFirst.formId, kind: 'leave' as const, applicantId: people.director, agencyId: SCHOOL };
      await recordDeputyConsent.execute(ctx, { ...form, formVersion: 4, deputyId: 'demo-school-admin', transferredFrom: people.personnel });
      await recordDeputyTransfer.execute(ctx, { ...form, formVersion: 3, fromDeputyId: people.personnel, toDeputyId: 'demo-school-admin' });
      const after = (await caseOf(consentedFirst.caseId))!;
      expect(after).to.include({ deputyId: 'demo-school-admin', deputyVersion: 4 });
      expect(after.pendingDeputyId).to.equal(undefined);
      // The same consent again (or an older one) changes nothing.
      await recordDeputyConsent.execute(ctx, { ...form, formVersion: 2, deputyId: people.personnel, transferredFrom: people.director });
      expect((await caseOf(consentedFirst.caseId))!.deputyId).to.equal('demo-school-admin');

      const declinedFirst = await directorAway(people.personnel);
      const other = { ...form, formId: declinedFirst.formId };
      await recordDeputyDecline.execute(ctx, {
        ...other,
        formVersion: 4,
        deputyId: 'demo-school-admin',
        transferredFrom: people.personnel,
      });
      await recordDeputyTransfer.execute(ctx, {
        ...other,
        formVersion: 3,
        fromDeputyId: people.personnel,
        toDeputyId: 'demo-school-admin',
      });
      const declined = (await caseOf(declinedFirst.caseId))!;
      expect(declined.deputyId).to.equal(people.personnel);
      expect(declined.pendingDeputyId).to.equal(undefined);
      expect(declined.history.filter((h) => h.stepLabel === '代理移轉').map((h) => h.action)).to.deep.equal(['deputy-declined']);
    });
  });

  describe('reminders', () => {
    it('remind the approvers once when a step waits longer than the working hours allowed', async () => {
      const realNow = system.approval.ctx.clock;
      const at = (iso: string) => () => new Date(iso);
      try {
        await directorAtWork();
        system.approval.ctx.clock = at('2026-11-23T09:00:00+08:00'); // a Monday
        const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.director });
        await openCase(caseId);
        system.approval.ctx.clock = at('2026-11-23T11:00:00+08:00'); // 2 working hours
        await remindOverdue.execute(system.approval.ctx, { afterWorkingHours: 8 });
        expect((await caseOf(caseId))!.remindedStep).to.equal(undefined);
        system.approval.ctx.clock = at('2026-11-24T10:00:00+08:00'); // 3 + 4 + 2 = 9 working hours
        expect(await remindOverdue.execute(system.approval.ctx, { afterWorkingHours: 8 })).to.be.greaterThanOrEqual(1);
        const reminder = await eventually(() => system.decisions.overdue.find((r) => r.caseId === caseId), 'the reminder');
        expect(reminder).to.include({ stepLabel: '單位主管', waitingMinutes: 9 * 60 });
        expect(reminder.approverIds).to.deep.equal([people.director]);
        // Run again at the same time: nothing more is written, and nothing is left in the case's outbox to publish.
        expect(await remindOverdue.execute(system.approval.ctx, { afterWorkingHours: 8 })).to.equal(0);
        await eventually(async () => ((await caseOf(caseId))!.outboxCount === 0 ? true : undefined), 'the outbox to drain');
        expect(system.decisions.overdue.filter((r) => r.caseId === caseId)).to.have.length(1);
        // The reminder did not make the approver's screen stale.
        const res = await system.call(people.director, 'POST', `/cases/${encodeURIComponent(caseId)}/decisions`, {
          action: 'approve',
          version: 0,
        });
        expect(res.status).to.equal(200);
      } finally {
        system.approval.ctx.clock = realNow;
      }
    });

    it('remind the stand-in deputy, not the approver who is away', async () => {
      const realNow = system.approval.ctx.clock;
      const at = (iso: string) => () => new Date(iso);
      try {
        system.approval.ctx.clock = at('2026-12-07T09:00:00+08:00'); // a Monday
        const { caseId } = await system.requestApproval({ applicantId: people.teacher, days: 1, deputyId: people.principal });
        await openCase(caseId);
        // The director takes the Tuesday off, the personnel officer standing in.
        await directorAway(people.personnel, 'leave', {
          start: new Date('2026-12-08T08:00:00+08:00'),
          end: new Date('2026-12-08T17:00:00+08:00'),
        });
        system.approval.ctx.clock = at('2026-12-08T10:00:00+08:00'); // 7 + 2 = 9 working hours
        expect(await remindOverdue.execute(system.approval.ctx, { afterWorkingHours: 8 })).to.be.greaterThanOrEqual(1);
        const reminder = await eventually(() => system.decisions.overdue.find((r) => r.caseId === caseId), 'the reminder');
        expect(reminder.approverIds).to.deep.equal([people.personnel]);
        expect(reminder.onBehalfOf).to.deep.equal({ [people.personnel]: people.director });
      } finally {
        system.approval.ctx.clock = realNow;
      }
    });
  });

  describe('a form no flow can route', () => {
    it('goes back to the applicant with the reason', async () => {
      expect((await manager('DELETE', `/agencies/${SCHOOL}/flows/${principalFlowId}`)).status).to.equal(204);
      const { formId, caseId } = await system.requestApproval({ applicantId: people.principal, days: 1 });
      await openCase(caseId);
      const returned = await eventually(() => system.decisions.returned.find((d) => d.formId === formId), 'the returned event');
      expect(returned.reason).to.contain('批核流程');
      expect((await caseOf(caseId))!.status).to.equal('returned');
    });
  });
});
