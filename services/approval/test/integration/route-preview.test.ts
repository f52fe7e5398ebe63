// 批核流程查詢: the route preview the agency's flow administrators ask for
// (POST /agencies/:agencyId/routes/preview), the same use case as the leave
// service's quotes, with the real directory's demo school.
import { expect } from 'chai';
import { eventually } from '@webitr/testkit';
import { people, SCHOOL, startSystem } from '../harness.ts';

type System = Awaited<ReturnType<typeof startSystem>>;

describe('route preview for flow administrators (批核流程查詢, integration)', function () {
  this.timeout(120_000);
  let system: System;
  const preview = `/agencies/${SCHOOL}/routes/preview`;
  const manager = (method: string, path: string, body?: unknown) =>
    system.call(people.personnel, method, path, body, ['attendance-manager']);

  before(async () => {
    system = await startSystem();
    const personnelUnitId = (await system.directory.ctx.models.Unit.findOne({ agencyId: SCHOOL, name: '人事室' }).lean())!._id;
    const saved = [
      await manager('PUT', `/agencies/${SCHOOL}/flow-groups/all-staff`, { name: '全校教職員', isDefault: true }),
      await manager('PUT', `/agencies/${SCHOOL}/flow-groups/principal`, { name: '校長', personIds: [people.principal] }),
      await manager('PUT', `/agencies/${SCHOOL}/category-groups/leave`, { name: '差假', formKinds: ['leave'] }),
      await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '教職員差假',
        flowGroupId: 'all-staff',
        categoryGroupId: 'leave',
        steps: [
          { approver: { kind: 'unit-head' }, label: '單位主管' },
          {
            approver: { kind: 'unit', unitId: personnelUnitId },
            label: '人事室',
            countersign: true,
            when: { measure: 'days', op: 'gt', value: 3 },
          },
          { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
        ],
      }),
      await manager('POST', `/agencies/${SCHOOL}/flows`, {
        name: '校長差假',
        flowGroupId: 'principal',
        categoryGroupId: 'leave',
        steps: [{ approver: { kind: 'person', personId: people.cityAdmin }, label: '教育局' }],
      }),
    ];
    for (const res of saved) expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
  });

  after(() => system.stop());

  it('answers the attendance manager who decides each step of a teacher’s leave, named: up to 3 days the unit head 決行s; beyond, 人事室 會辦 and the principal', async () => {
    const short = await manager('POST', preview, { applicantId: people.teacher, kind: 'leave', leaveType: 'personal', minutes: 480 });
    expect(short.status, JSON.stringify(short.body)).to.equal(200);
    expect(short.body).to.deep.equal({
      status: 'routable',
      flowName: '教職員差假',
      steps: [{ label: '單位主管', approverIds: [people.director], final: true, countersign: false }],
      names: { [people.director]: '林志明' },
    });
    const long = await manager('POST', preview, { applicantId: people.teacher, kind: 'leave', leaveType: 'personal', minutes: 5 * 480 });
    expect(long.status).to.equal(200);
    expect(
      long.body.steps.map((s: { label: string; countersign: boolean; final: boolean }) => [s.label, s.countersign, s.final]),
    ).to.deep.equal([
      ['單位主管', false, false],
      ['人事室', true, false],
      ['校長', false, true],
    ]);
    expect(long.body.names).to.deep.equal({ [people.director]: '林志明', [people.personnel]: '王美玲', [people.principal]: '蔡文雄' });
    // A form no flow covers is answered with the reason the applicant would be told, not refused.
    const overtime = await manager('POST', preview, { applicantId: people.teacher, kind: 'overtime', minutes: 120 });
    expect(overtime.body).to.deep.equal({ status: 'unroutable', reason: '步驟「批核流程」找不到適用的批核流程，請洽機關差勤管理者設定' });
  });

  it('shows the deputy standing in (代理批核) for an approver away on approved leave today', async () => {
    const now = Date.now();
    const away = await system.requestApproval({
      applicantId: people.director,
      days: 1,
      deputyId: people.personnel,
      start: new Date(now - 3_600_000),
      end: new Date(now + 86_400_000),
    });
    await eventually(async () => ((await system.approval.ctx.cases.exists({ _id: away.caseId })) ? true : undefined), 'the case to open');
    const approved = await system.call(people.principal, 'POST', `/cases/${encodeURIComponent(away.caseId)}/decisions`, {
      action: 'approve',
    });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);

    const res = await manager('POST', preview, { applicantId: people.teacher, kind: 'leave', leaveType: 'personal', minutes: 480 });
    expect(res.status).to.equal(200);
    expect(res.body.steps).to.deep.equal([
      {
        label: '單位主管',
        approverIds: [people.director],
        final: true,
        countersign: false,
        standIns: [{ approverId: people.director, deputyId: people.personnel }],
      },
    ]);
    expect(res.body.names).to.deep.equal({ [people.director]: '林志明', [people.personnel]: '王美玲' });
  });

  it('is refused to a teacher and to the agency administrator, by the approval service itself', async () => {
    const body = { applicantId: people.teacher, kind: 'leave', minutes: 480 };
    const teacher = await system.call(people.teacher, 'POST', preview, body);
    expect(teacher.status).to.equal(403);
    expect(teacher.body).to.include({ code: 'NOT_ATTENDANCE_MANAGER', status: 403 });
    const admin = await system.call('demo-school-admin', 'POST', preview, body, ['agency-admin']);
    expect(admin.status).to.equal(403);
    expect(admin.body.code).to.equal('NOT_ATTENDANCE_MANAGER');
    // A system administrator may, as for the flows themselves.
    expect((await system.call(people.cityAdmin, 'POST', preview, body, ['system-admin'])).status).to.equal(200);
  });

  it('answers bad input with problem+json naming each field in zh-TW, and another agency’s person as not found', async () => {
    const res = await manager('POST', preview, { kind: 'vacation', minutes: -1 });
    expect(res.status).to.equal(400);
    expect(res.type).to.match(/^application\/problem\+json/);
    expect(res.body.code).to.equal('VALIDATION_FAILED');
    const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
    expect(fields).to.include.members(['body.applicantId', 'body.kind', 'body.minutes']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'body.applicantId')).to.include({
      label: '申請人',
      message: '此欄位為必填',
    });
    expect(res.body.detail).to.contain('申請人：此欄位為必填').and.contain('時數');

    const elsewhere = await manager('POST', preview, { applicantId: 'demo-staff', kind: 'leave', minutes: 480 });
    expect(elsewhere.status).to.equal(404);
    expect(elsewhere.body.code).to.equal('PERSON_NOT_FOUND');
  });
});
