import { expect } from 'chai';
import { flowBody, routeDraftBody } from '@webitr/contracts/forms/approval';
import type { Step } from '@webitr/contracts/forms/approval';
import {
  NEW_STEP,
  approverText,
  categoryScope,
  conditionText,
  decisionText,
  errorAt,
  flowBodyOf,
  flowGroupScope,
  minutesOfDays,
  routeLines,
  stepFieldsOf,
  stepLine,
} from '../src/web/pages/admin-flows/logic.ts';

const names = { people: { 'demo-personnel': '王美玲', 'demo-director': '林志明', 'demo-principal': '蔡文雄' }, units: { u1: '人事室' } };

/** The demo school's flow (services/approval seed-demo). */
const school: Step[] = [
  { approver: { kind: 'unit-head', levelsUp: 0 }, countersign: false, label: '單位主管', when: { measure: 'days', op: 'lte', value: 3 } },
  { approver: { kind: 'unit-head', levelsUp: 0 }, countersign: false, label: '單位主管', when: { measure: 'days', op: 'gt', value: 3 } },
  { approver: { kind: 'unit', unitId: 'u1' }, countersign: true, label: '人事室', when: { measure: 'days', op: 'gt', value: 3 } },
  { approver: { kind: 'agency-head' }, countersign: false, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
];

describe('批核流程: the words of a flow, its form and a preview', () => {
  it('names who approves each step and when it applies', () => {
    expect(approverText({ kind: 'unit-head', levelsUp: 0 }, names)).to.equal('單位主管');
    expect(approverText({ kind: 'unit-head', levelsUp: 2 }, names)).to.equal('上2級單位主管');
    expect(approverText({ kind: 'unit', unitId: 'u1' }, names)).to.equal('人事室主管');
    expect(approverText({ kind: 'role', role: 'attendance-manager' }, names)).to.equal('角色：差勤管理者');
    expect(approverText({ kind: 'person', personId: 'demo-personnel' }, names)).to.equal('指定人員：王美玲');
    expect(approverText({ kind: 'person', personId: 'someone' }, names)).to.equal('指定人員：someone');
    expect(approverText({ kind: 'agency-head' }, names)).to.equal('機關首長');
    expect(conditionText({ measure: 'days', op: 'gt', value: 3 })).to.equal('超過 3 日時');
    expect(conditionText({ measure: 'hours', op: 'lt', value: 4 })).to.equal('未滿 4 小時時');
    expect(conditionText(undefined)).to.equal('');
  });

  it('says what each step’s decision reads: 會畢 for a countersign, 決行 for the last that applies', () => {
    expect(school.map((s, i) => decisionText(s, i, school))).to.deep.equal([
      '核准；其後步驟不適用時決行',
      '核准；其後步驟不適用時決行',
      '會辦（批示「會畢」）',
      '決行',
    ]);
    const always: Step[] = [
      { ...school[0]!, when: undefined },
      { ...school[3]!, when: undefined },
    ];
    expect(decisionText(always[0]!, 0, always)).to.equal('核准後陳送下一步');
    expect(stepLine(school[2]!, 2, school, names)).to.equal('3. 人事室（人事室主管） 超過 3 日時 — 會辦（批示「會畢」）');
    expect(stepLine(school[0]!, 0, school, names)).to.equal('1. 單位主管 不超過 3 日時 — 核准；其後步驟不適用時決行');
  });

  it('describes whom a flow group serves and which forms a category group covers', () => {
    const group = {
      id: 'g',
      agencyId: 'A',
      name: '校長',
      personIds: ['demo-principal'],
      unitIds: ['u1'],
      jobCategories: ['教師'],
      isDefault: false,
    };
    expect(flowGroupScope(group, names)).to.equal('人員：蔡文雄；單位：人事室；職務類別：教師');
    expect(flowGroupScope({ ...group, personIds: [], unitIds: [], jobCategories: [] }, names)).to.equal('（尚無適用對象）');
    expect(flowGroupScope({ ...group, personIds: [], unitIds: [], jobCategories: [], isDefault: true }, names)).to.contain('機關預設');
    const all = { id: 'c', agencyId: 'A', name: '全部', formKinds: ['leave', 'overtime'] as const, leaveTypes: [] };
    expect(categoryScope({ ...all, formKinds: [...all.formKinds] })).to.equal('差假、加班（假別：全部假別）');
    expect(categoryScope({ ...all, formKinds: ['leave'], leaveTypes: ['marriage', 'sick'] })).to.equal('差假（假別：婚假、病假）');
    expect(categoryScope({ ...all, formKinds: ['overtime'] })).to.equal('加班');
  });

  it('turns a flow into form fields and back into the body the contracts’ schema accepts', () => {
    const fields = {
      name: '教職員差假',
      flowGroupId: 'all-staff',
      categoryGroupId: 'all-forms',
      steps: school.map((s) => stepFieldsOf(s, names)),
    };
    expect(fields.steps[2]).to.include({ kind: 'unit', unitId: 'u1', countersign: true, op: 'gt', value: '3' });
    const body = flowBodyOf(fields, 4);
    const parsed = flowBody.parse(body);
    expect(parsed.steps).to.deep.equal(school);
    expect(parsed.version).to.equal(4);
    // A named person, and a condition whose number is not one: the schema names the field.
    const person = { ...NEW_STEP, kind: 'person' as const, person: { id: 'demo-personnel', name: '王美玲' }, label: '人事' };
    expect(flowBody.parse(flowBodyOf({ ...fields, steps: [person] }, undefined)).steps[0]!.approver).to.deep.equal({
      kind: 'person',
      personId: 'demo-personnel',
    });
    const bad = flowBody.safeParse(
      flowBodyOf(
        {
          ...fields,
          steps: [
            { ...NEW_STEP, op: 'gt', value: '三' },
            { ...NEW_STEP, kind: 'unit' },
          ],
        },
        1,
      ),
    );
    expect(bad.success).to.equal(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).to.include.members(['steps.0.when.value', 'steps.1.approver.unitId']);
  });

  it('reads a message at a path of the form’s errors, and days as minutes of 8-hour days', () => {
    const errors = { steps: [undefined, { approver: { unitId: { message: '請選擇單位' } } }] };
    expect(errorAt(errors, 'steps.1.approver.unitId')).to.equal('請選擇單位');
    expect(errorAt(errors, 'steps.0.label')).to.equal(undefined);
    expect(minutesOfDays('2')).to.equal(960);
    expect(minutesOfDays('0.5')).to.equal(240);
    expect(Number.isNaN(minutesOfDays(''))).to.equal(true);
    expect(routeDraftBody.safeParse({ applicantId: 'x', kind: 'leave', minutes: minutesOfDays('abc') }).success).to.equal(false);
  });

  it('lists a preview’s route numbered, with who decides and who stands in today', () => {
    const lines = routeLines({
      status: 'routable',
      flowName: '教職員差假',
      steps: [
        {
          label: '單位主管',
          approverIds: ['demo-director'],
          final: false,
          countersign: false,
          standIns: [{ approverId: 'demo-director', deputyId: 'demo-personnel' }],
        },
        { label: '人事室', approverIds: ['demo-personnel'], final: false, countersign: true },
        { label: '校長', approverIds: ['demo-principal'], final: true, countersign: false },
      ],
      names: names.people,
    });
    expect(lines).to.deep.equal([
      { number: 1, label: '單位主管', approvers: '林志明', decision: '核准', standIns: ['林志明 今日請假，由 王美玲 代理批核'] },
      { number: 2, label: '人事室', approvers: '王美玲', decision: '會畢', standIns: [] },
      { number: 3, label: '校長', approvers: '蔡文雄', decision: '決行', standIns: [] },
    ]);
  });
});
