import { expect } from 'chai';
import { flowSchema } from './flow.ts';
import type { CategoryGroup, FlowGroup } from './flow.ts';
import type { Member, Organisation } from './route.ts';
import { routeForm, routingAfterChange } from './routing.ts';
import type { RoutingConfig } from './routing.ts';

/**
 * A school: principal P0 (agency head, no unit) heads 校長室, above 教務處
 * (head D1) above 註冊組 (head R1), where T1 teaches, and above 人事室 (head
 * H1); X1 works in a unit with no head anywhere above; N1 has no unit at all
 * (the person who froze every flow change in the agency).
 */
const units: Record<string, { parent?: string; head?: string }> = {
  office: { head: 'P0' },
  academic: { parent: 'office', head: 'D1' },
  registry: { parent: 'academic', head: 'R1' },
  personnel: { parent: 'office', head: 'H1' },
  headless: {},
};
const members: Member[] = [
  { id: 'P0', name: '校長' },
  { id: 'D1', name: '教務主任', unitId: 'academic' },
  { id: 'R1', name: '註冊組長', unitId: 'registry' },
  { id: 'T1', name: '王老師', unitId: 'registry' },
  { id: 'H1', name: '人事主任', unitId: 'personnel' },
  { id: 'X1', name: '李幹事', unitId: 'headless' },
  { id: 'N1', name: '陳小明' },
];
const org: Organisation = {
  async supervisorChain(personId) {
    const chain: string[] = [];
    for (let u = members.find((m) => m.id === personId)?.unitId; u; u = units[u]?.parent) {
      const head = units[u]?.head;
      if (head && head !== personId) chain.push(head);
    }
    return chain;
  },
  unitHead: async (unitId) => units[unitId]?.head,
  agencyHead: async () => 'P0',
  holdersOfRole: async () => ['H1'],
  isActive: async () => true,
  membersOf: async () => members,
};

const groups: FlowGroup[] = [
  { id: 'all', agencyId: 'school', name: '全校', personIds: [], unitIds: [], jobCategories: [], isDefault: true },
  { id: 'principal', agencyId: 'school', name: '校長', personIds: ['P0'], unitIds: [], jobCategories: [], isDefault: false },
];
const categories: CategoryGroup[] = [{ id: 'leave', agencyId: 'school', name: '差假', formKinds: ['leave'], leaveTypes: [] }];
const staffFlow = {
  _id: 'staff',
  ...flowSchema.parse({
    agencyId: 'school',
    name: '教職員差假',
    flowGroupId: 'all',
    categoryGroupId: 'leave',
    steps: [
      { approver: { kind: 'deputy' }, label: '職務代理人' },
      { approver: { kind: 'unit-head' }, label: '單位主管' },
      {
        approver: { kind: 'unit', unitId: 'personnel' },
        label: '人事室',
        countersign: true,
        when: { measure: 'days', op: 'gt', value: 3 },
      },
      { approver: { kind: 'agency-head' }, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
    ],
  }),
};
const principalFlow = {
  _id: 'principal',
  ...flowSchema.parse({
    agencyId: 'school',
    name: '校長差假',
    flowGroupId: 'principal',
    categoryGroupId: 'leave',
    steps: [{ approver: { kind: 'person', personId: 'CITY' }, label: '教育局' }],
  }),
};
const config: RoutingConfig = { groups, categories, flows: [staffFlow, principalFlow] };
const nothing: RoutingConfig = { groups, categories, flows: [] };

const runTime = async (personId: string, days: number) => {
  const outcome = await routeForm(
    config,
    'school',
    members.find((m) => m.id === personId)!,
    { kind: 'leave', minutes: days * 480, deputyId: 'T2' },
    org,
  );
  return outcome.ok
    ? outcome.route.map((s) => `${s.label}:${s.approverIds.join('|')}${s.final ? '(決行)' : ''}`).join(' → ')
    : `退回 ${outcome.message}`;
};

describe('routing: the save check and the run time are one function', () => {
  // Each person, a short and a long form: what the run time does with it.
  const table: [person: string, days: number, expected: string][] = [
    ['T1', 1, '單位主管:R1(決行)'],
    ['T1', 5, '單位主管:R1 → 人事室:H1 → 校長:P0(決行)'],
    ['R1', 1, '單位主管:D1(決行)'],
    ['D1', 5, '人事室:H1 → 校長:P0(決行)'],
    ['H1', 5, '校長:P0(決行)'],
    ['X1', 1, '退回 步驟「單位主管」找不到單位主管（申請人所屬單位及其上級單位皆無其他主管）'],
    ['N1', 1, '退回 步驟「單位主管」找不到單位主管（申請人未隸屬任何單位）'],
    ['N1', 5, '退回 步驟「單位主管」找不到單位主管（申請人未隸屬任何單位）'],
    ['P0', 5, '教育局:CITY(決行)'],
  ];

  for (const [person, days, expected] of table) {
    it(`${person}, ${days} day(s): ${expected}`, async () => {
      expect(await runTime(person, days)).to.equal(expected);
    });
  }

  it('reports at save exactly the people the run time returns, with the same step and reason', async () => {
    const report = await routingAfterChange('school', nothing, config, members, org);
    const returnedAtRunTime = new Map<string, string>();
    for (const [person, days] of table) {
      const outcome = await runTime(person, days);
      if (outcome.startsWith('退回 ') && !returnedAtRunTime.has(person)) returnedAtRunTime.set(person, outcome.slice('退回 '.length));
    }
    expect(Object.fromEntries(report.map((u) => [u.personId, `步驟「${u.step}」${u.reason}`]))).to.deep.equal(
      Object.fromEntries(returnedAtRunTime),
    );
    expect(report.find((u) => u.personId === 'N1')).to.deep.include({
      personName: '陳小明',
      flowId: 'staff',
      step: '單位主管',
      stepIndex: 1,
      routedBefore: false,
    });
  });

  it('tells a change that breaks someone routed today from a gap that was there before', async () => {
    const countersignLast = { ...staffFlow, steps: [staffFlow.steps[1]!, { ...staffFlow.steps[2]!, when: undefined }] };
    const report = await routingAfterChange('school', config, { ...config, flows: [countersignLast, principalFlow] }, members, org);
    // A countersign cannot decide: those the staff flow routed are broken now (not H1, whose own countersign is skipped); N1 and X1 never were routed.
    const broken = report.filter((u) => u.routedBefore).map((u) => u.personId);
    expect(broken).to.have.members(['T1', 'R1', 'D1']);
    expect(report.filter((u) => !u.routedBefore).map((u) => u.personId)).to.have.members(['X1', 'N1']);
    expect(report.find((u) => u.personId === 'T1')).to.include({
      step: '教職員差假',
      reason: '沒有可決行的步驟（最後一步須為主管或首長核定，不得為會辦或代理人）',
    });
  });

  it('the deputy has consented before approval, at save as at run time: a flow ending on its deputy step still decides', async () => {
    const deputyLast = { ...staffFlow, steps: [staffFlow.steps[1]!, staffFlow.steps[0]!] };
    const outcome = await routeForm(
      { ...config, flows: [deputyLast] },
      'school',
      members[3]!,
      { kind: 'leave', minutes: 480, deputyId: 'T2' },
      org,
    );
    expect(outcome).to.deep.include({ ok: true });
    expect(
      await routingAfterChange('school', nothing, { ...config, flows: [deputyLast, principalFlow] }, [members[3]!], org),
    ).to.deep.equal([]);
  });
});
