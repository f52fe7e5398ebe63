import { expect } from 'chai';
import { categoryGroupFor, flowGroupFor, flowSchema } from './flow.ts';
import type { CategoryGroup, Flow, FlowGroup } from './flow.ts';
import { assertStepsNameSomeone, resolveRoute, UnresolvableStepError } from './route.ts';
import type { Organisation, RoutedForm } from './route.ts';

/**
 * A school: principal (agency head) P0; 教務處 (academic affairs, head D1) with
 * a sub-unit 註冊組 (registry, head R1); 人事室 headed by H1; attendance
 * managers H1 and H2. T1 teaches in the registry, X1 works in a unit with no head.
 */
const units: Record<string, { parent?: string; head?: string }> = {
  academic: { head: 'D1' },
  registry: { parent: 'academic', head: 'R1' },
  personnel: { head: 'H1' },
  headless: {},
};
const unitOf: Record<string, string> = { T1: 'registry', R1: 'registry', D1: 'academic', H1: 'personnel', H2: 'personnel', X1: 'headless' };
const org: Organisation = {
  async supervisorChain(personId) {
    const chain: string[] = [];
    for (let u: string | undefined = unitOf[personId]; u; u = units[u]?.parent) {
      const head = units[u]?.head;
      if (head && head !== personId) chain.push(head);
    }
    return chain;
  },
  unitHead: async (unitId) => units[unitId]?.head,
  agencyHead: async (agencyId) => (agencyId === 'school' ? 'P0' : undefined),
  holdersOfRole: async (_agency, role) => ({ 'attendance-manager': ['H1', 'H2'] })[role] ?? [],
  isActive: async (personId) => personId !== 'GONE',
  membersOf: async () => Object.entries(unitOf).map(([id, unitId]) => ({ id, unitId })),
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
    {
      approver: { kind: 'role', role: 'attendance-manager' },
      label: '人事',
      countersign: true,
      when: { measure: 'days', op: 'gt', value: 3 },
    },
    { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
  ],
});

const teacherForm = (days: number, extra: Partial<RoutedForm> = {}): RoutedForm => ({
  applicantId: 'T1',
  agencyId: 'school',
  deputyId: 'T2',
  minutes: days * 480,
  dayMinutes: 480,
  ...extra,
});

const summary = (route: Awaited<ReturnType<typeof resolveRoute>>) =>
  route.map((s) => `${s.label}:${s.approverIds.join('|')}${s.countersign ? '(會辦)' : ''}${s.final ? '(決行)' : ''}`);

describe('approval routes', () => {
  it('up to 3 days: the deputy consents, the unit head decides', async () => {
    expect(summary(await resolveRoute(flow, teacherForm(2), org))).to.deep.equal(['代理人:T2', '單位主管:R1(決行)']);
  });

  it('more than 3 days: unit head, personnel countersign (any officer), then the agency head decides', async () => {
    expect(summary(await resolveRoute(flow, teacherForm(5), org))).to.deep.equal([
      '代理人:T2',
      '單位主管:R1',
      '人事:H1|H2(會辦)',
      '校長:P0(決行)',
    ]);
  });

  it('a unit head applying goes to the head above them', async () => {
    const route = await resolveRoute(flow, teacherForm(1, { applicantId: 'R1' }), org);
    expect(summary(route)).to.deep.equal(['代理人:T2', '單位主管:D1(決行)']);
  });

  it('never routes a step to the applicant: a personnel officer is not asked to countersign their own form', async () => {
    const route = await resolveRoute(flow, teacherForm(5, { applicantId: 'H2' }), org);
    expect(summary(route)).to.deep.equal(['代理人:T2', '單位主管:H1', '人事:H1(會辦)', '校長:P0(決行)']);
  });

  it('sends a countersign to the head of a named unit (人事室會辦)', async () => {
    const countersigned = flowSchema.parse({
      ...flow,
      steps: [
        { approver: { kind: 'unit', unitId: 'personnel' }, countersign: true, label: '人事室' },
        { approver: { kind: 'agency-head' }, label: '校長' },
      ],
    });
    expect(summary(await resolveRoute(countersigned, teacherForm(1), org))).to.deep.equal(['人事室:H1(會辦)', '校長:P0(決行)']);
  });

  it('asks one person once when they hold two steps in a row (unit head who is also the agency head)', async () => {
    const route = await resolveRoute(flow, teacherForm(5, { applicantId: 'D1' }), {
      ...org,
      agencyHead: async () => 'P0',
      supervisorChain: async () => ['P0'],
    });
    expect(summary(route)).to.deep.equal(['代理人:T2', '人事:H1|H2(會辦)', '校長:P0(決行)']);
  });

  it('reaches a named person', async () => {
    const named = flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'person', personId: 'D1' }, label: '教務主任' }] });
    expect(summary(await resolveRoute(named, teacherForm(1), org))).to.deep.equal(['教務主任:D1(決行)']);
  });

  it('cannot resolve a deputy step without a deputy, a unit without a head, a departed person', async () => {
    const refusals = [
      resolveRoute(flow, teacherForm(1, { deputyId: undefined }), org),
      resolveRoute(flow, teacherForm(1, { applicantId: 'X1' }), org),
      resolveRoute(
        flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'person', personId: 'GONE' }, label: '前主任' }] }),
        teacherForm(1),
        org,
      ),
    ];
    for (const refusal of refusals) {
      const error = await refusal.catch((e: unknown) => e);
      expect(error).to.be.instanceOf(UnresolvableStepError);
    }
  });

  it('refuses a flow whose last step is a countersign (no final decision)', async () => {
    const noDecision = flowSchema.parse({
      ...flow,
      steps: [{ approver: { kind: 'unit', unitId: 'personnel' }, countersign: true, label: '人事室' }],
    });
    const error = await resolveRoute(noDecision, teacherForm(1), org).catch((e: unknown) => e);
    expect((error as Error).message).to.contain('決行');
  });

  it('refuses a flow whose step names nobody whoever applies, before anyone is served', async () => {
    const noHolders = flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'role', role: 'agency-admin' }, label: '機關管理員' }] });
    const error = await assertStepsNameSomeone(noHolders, org).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnresolvableStepError);
    expect(error).to.include({ step: '機關管理員', stepIndex: 0 });
    const departed = flowSchema.parse({
      ...flow,
      steps: [flow.steps[1]!, { approver: { kind: 'person', personId: 'GONE' }, label: '指定人員' }],
    });
    expect(await assertStepsNameSomeone(departed, org).catch((e: unknown) => e)).to.include({ step: '指定人員', stepIndex: 1 });
    // Who heads an applicant's unit depends on the applicant: that is checked per person (routing.ts).
    await assertStepsNameSomeone(flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'unit-head' }, label: '單位主管' }] }), org);
  });

  it('says why a unit head cannot be found: no unit, nobody above, not that many levels', async () => {
    const reasonFor = (form: RoutedForm, f: Flow = flow) => resolveRoute(f, form, org).catch((e: UnresolvableStepError) => e.reason);
    expect(await reasonFor(teacherForm(1, { applicantId: 'NOUNIT' }))).to.equal('找不到單位主管（申請人未隸屬任何單位）');
    expect(await reasonFor(teacherForm(1, { applicantId: 'X1', unitId: 'headless' }))).to.equal(
      '找不到單位主管（申請人所屬單位及其上級單位皆無其他主管）',
    );
    const twoUp = flowSchema.parse({ ...flow, steps: [{ approver: { kind: 'unit-head', levelsUp: 2 }, label: '上級主管' }] });
    expect(await reasonFor(teacherForm(1, { unitId: 'registry' }), twoUp)).to.equal('找不到上2級的單位主管（申請人之上只有 2 層主管）');
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
