import { expect } from 'chai';
import { categoryGroupFor, flowGroupFor, flowSchema } from './flow.ts';
import type { CategoryGroup, Flow, FlowGroup } from './flow.ts';
import { assertFlowResolvable, resolveRoute, UnresolvableStepError } from './route.ts';
import type { Organisation, RoutedForm } from './route.ts';

/**
 * A school: principal (agency head) P0; 教務處 (academic affairs, head D1) with
 * a sub-unit 註冊組 (head R1); 人事室 with personnel officers H1, H2; 會計室 A1.
 */
const units: Record<string, { parent?: string; head?: string }> = {
  academic: { head: 'D1' },
  registry: { parent: 'academic', head: 'R1' },
  headless: { parent: undefined, head: undefined },
};
const org: Organisation = {
  async unitHeadChain(unitId) {
    const chain = [];
    for (let u: string | undefined = unitId; u; u = units[u]?.parent) chain.push({ unitId: u, headId: units[u]?.head });
    return chain;
  },
  agencyHead: async (agencyId) => (agencyId === 'school' ? 'P0' : undefined),
  holdersOfRole: async (_agency, role) => ({ personnel: ['H1', 'H2'], accounting: ['A1'] })[role] ?? [],
  isActive: async (personId) => personId !== 'GONE',
  unitsOfAgency: async () => Object.keys(units),
};

const flow: Flow = flowSchema.parse({
  agencyId: 'school',
  name: '教職員差假',
  flowGroupId: 'g-default',
  categoryGroupId: 'c-leave',
  steps: [
    { approver: { kind: 'deputy' }, label: '代理人' },
    { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'lte', value: 3 } },
    { approver: { kind: 'unit-head' }, label: '單位主管', when: { measure: 'days', op: 'gt', value: 3 } },
    { approver: { kind: 'role', role: 'personnel' }, label: '人事', countersign: true, when: { measure: 'days', op: 'gt', value: 3 } },
    { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
  ],
});

const teacherForm = (days: number, extra: Partial<RoutedForm> = {}): RoutedForm => ({
  applicantId: 'T1',
  agencyId: 'school',
  unitId: 'registry',
  deputyId: 'T2',
  minutes: days * 480,
  dayMinutes: 480,
  ...extra,
});

const summary = (route: Awaited<ReturnType<typeof resolveRoute>>) => route.map((s) => `${s.label}:${s.approverIds.join('|')}${s.countersign ? '(會辦)' : ''}${s.final ? '(決行)' : ''}`);

describe('approval routes', () => {
  it('up to 3 days: the deputy consents, the unit head decides', async () => {
    expect(summary(await resolveRoute(flow, teacherForm(2), org))).to.deep.equal(['代理人:T2', '單位主管:R1(決行)']);
  });

  it('more than 3 days: unit head, personnel countersign (any officer), then the agency head decides', async () => {
    expect(summary(await resolveRoute(flow, teacherForm(5), org))).to.deep.equal(['代理人:T2', '單位主管:R1', '人事:H1|H2(會辦)', '校長:P0(決行)']);
  });

  it('a unit head applying goes to the head above them', async () => {
    const route = await resolveRoute(flow, teacherForm(1, { applicantId: 'R1' }), org);
    expect(summary(route)).to.deep.equal(['代理人:T2', '單位主管:D1(決行)']);
  });

  it('never routes a step to the applicant: a personnel officer is not asked to countersign their own form', async () => {
    const route = await resolveRoute(flow, teacherForm(5, { applicantId: 'H1', unitId: 'academic' }), org);
    expect(summary(route)).to.deep.equal(['代理人:T2', '單位主管:D1', '人事:H2(會辦)', '校長:P0(決行)']);
  });

  it('reaches a named person', async () => {
    const named = flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'person', personId: 'D1' }, label: '教務主任' }] });
    expect(summary(await resolveRoute(named, teacherForm(1), org))).to.deep.equal(['教務主任:D1(決行)']);
  });

  it('cannot resolve a deputy step without a deputy, a unit without a head, a departed person', async () => {
    const refusals = [
      resolveRoute(flow, teacherForm(1, { deputyId: undefined }), org),
      resolveRoute(flow, teacherForm(1, { unitId: 'headless' }), org),
      resolveRoute(flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'person', personId: 'GONE' }, label: '前主任' }] }), teacherForm(1), org),
    ];
    for (const refusal of refusals) {
      const error = await refusal.catch((e: unknown) => e);
      expect(error).to.be.instanceOf(UnresolvableStepError);
    }
  });

  it('refuses a flow whose last step is a countersign (no final decision)', async () => {
    const noDecision = flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'role', role: 'personnel' }, countersign: true, label: '人事' }] });
    const error = await resolveRoute(noDecision, teacherForm(1), org).catch((e: unknown) => e);
    expect((error as Error).message).to.contain('決行');
  });

  it('refuses at save a flow that could resolve to nobody for some unit or some length', async () => {
    await assertFlowResolvable(flow, ['academic', 'registry'], org);
    const withHeadless = await assertFlowResolvable(flow, ['academic', 'headless'], org).catch((e: unknown) => e);
    expect(withHeadless).to.be.instanceOf(UnresolvableStepError);
    const noAccounting = flowSchema.parse({
      ...flow,
      agencyId: 'school',
      steps: [...flow.steps.slice(0, 2), { approver: { kind: 'role', role: 'attendance-manager' }, label: '差勤管理者' }],
    });
    const error = await assertFlowResolvable(noAccounting, ['registry'], org).catch((e: unknown) => e);
    expect((error as UnresolvableStepError).step).to.equal('差勤管理者');
  });
});

describe('which flow applies', () => {
  const groups: FlowGroup[] = [
    { id: 'default', agencyId: 'school', name: '全校', personIds: [], unitIds: [], jobCategories: [], isDefault: true },
    { id: 'teachers', agencyId: 'school', name: '教師', personIds: [], unitIds: [], jobCategories: ['教師'], isDefault: false },
    { id: 'academic', agencyId: 'school', name: '教務處', personIds: [], unitIds: ['academic'], jobCategories: [], isDefault: false },
    { id: 'vip', agencyId: 'school', name: '個人', personIds: ['P9'], unitIds: [], jobCategories: [], isDefault: false },
  ];

  it('picks the most specific flow group: person, unit, job category, default', () => {
    expect(flowGroupFor(groups, { personId: 'P9', unitId: 'academic', jobCategory: '教師' })?.id).to.equal('vip');
    expect(flowGroupFor(groups, { personId: 'T1', unitId: 'academic', jobCategory: '教師' })?.id).to.equal('academic');
    expect(flowGroupFor(groups, { personId: 'T1', unitId: 'registry', jobCategory: '教師' })?.id).to.equal('teachers');
    expect(flowGroupFor(groups, { personId: 'S1', unitId: 'registry', jobCategory: '職員' })?.id).to.equal('default');
  });

  it('picks the category group naming the leave type before the catch-all', () => {
    const categories: CategoryGroup[] = [
      { id: 'all-leave', agencyId: 'school', name: '一般差假', formKinds: ['leave', 'comp-time'], leaveTypes: [] },
      { id: 'trips', agencyId: 'school', name: '公出差', formKinds: ['leave'], leaveTypes: ['official-outing', 'business-trip'] },
      { id: 'overtime', agencyId: 'school', name: '加班', formKinds: ['overtime'], leaveTypes: [] },
    ];
    expect(categoryGroupFor(categories, { kind: 'leave', leaveType: 'business-trip' })?.id).to.equal('trips');
    expect(categoryGroupFor(categories, { kind: 'leave', leaveType: 'sick' })?.id).to.equal('all-leave');
    expect(categoryGroupFor(categories, { kind: 'overtime' })?.id).to.equal('overtime');
    expect(categoryGroupFor(categories, { kind: 'forgotten-punch' })).to.equal(undefined);
  });
});
