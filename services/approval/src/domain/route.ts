import type { Approver, Condition, Flow } from './flow.ts';

/**
 * Resolving a flow into the route of one form: which people decide each step.
 * Done once at submission and stored with the form, so later changes to the
 * configuration do not alter forms in flight.
 */

/** What the approval service may ask the directory about the organisation. */
export interface Organisation {
  /** The heads of the person's unit and of the units above it, nearest first, never the person themself. */
  supervisorChain(personId: string): Promise<string[]>;
  /** The head of a named unit (e.g. 人事室 for a countersign). */
  unitHead(unitId: string): Promise<string | undefined>;
  agencyHead(agencyId: string): Promise<string | undefined>;
  holdersOfRole(agencyId: string, role: string): Promise<string[]>;
  isActive(personId: string): Promise<boolean>;
  /** Everyone working in the agency (for checking a flow at save). */
  membersOf(agencyId: string): Promise<Member[]>;
}

/** A person as routing sees them: whom a flow group matches, and the name a report gives. */
export interface Member {
  id: string;
  name?: string;
  unitId?: string;
  jobCategory?: string;
}

export interface RoutedForm {
  applicantId: string;
  /** The applicant's unit: without one there is no unit head, and the reason says so. */
  unitId?: string;
  agencyId: string;
  deputyId?: string;
  minutes: number;
  /** Working minutes in one day of the applicant's schedule (480). */
  dayMinutes: number;
}

export interface RouteStep {
  label: string;
  approver: Approver;
  countersign: boolean;
  /** Any one of these people decides the step. */
  approverIds: string[];
  /** The last step: its approval is the final decision (決行). */
  final: boolean;
}

export class UnresolvableStepError extends Error {
  readonly step: string;
  /** Why, without the step: 「找不到單位主管（申請人未隸屬任何單位）」. */
  readonly reason: string;
  /** The step's place in the flow as configured (absent when the flow as a whole is at fault). */
  readonly stepIndex: number | undefined;
  constructor(step: string, why: string, stepIndex?: number) {
    super(`步驟「${step}」${why}`);
    this.step = step;
    this.reason = why;
    this.stepIndex = stepIndex;
  }
}

export function conditionHolds(condition: Condition | undefined, form: Pick<RoutedForm, 'minutes' | 'dayMinutes'>): boolean {
  if (!condition) return true;
  const amount = condition.measure === 'days' ? form.minutes / form.dayMinutes : form.minutes / 60;
  switch (condition.op) {
    case 'gt':
      return amount > condition.value;
    case 'gte':
      return amount >= condition.value;
    case 'lt':
      return amount < condition.value;
    case 'lte':
      return amount <= condition.value;
  }
}

async function approversOf(approver: Approver, form: RoutedForm, org: Organisation, label: string, index?: number): Promise<string[]> {
  const unresolvable = (why: string) => new UnresolvableStepError(label, why, index);
  switch (approver.kind) {
    case 'deputy':
      if (!form.deputyId) throw unresolvable('需要職務代理人，但表單未指定代理人');
      return [form.deputyId];
    case 'unit-head': {
      // The chain never holds the applicant: a head's form goes to the next head up.
      const chain = await org.supervisorChain(form.applicantId);
      const head = chain[approver.levelsUp];
      if (head) return [head];
      if (!form.unitId) throw unresolvable('找不到單位主管（申請人未隸屬任何單位）');
      if (chain.length === 0) throw unresolvable('找不到單位主管（申請人所屬單位及其上級單位皆無其他主管）');
      throw unresolvable(`找不到上${approver.levelsUp}級的單位主管（申請人之上只有 ${chain.length} 層主管）`);
    }
    case 'unit': {
      const head = await org.unitHead(approver.unitId);
      if (!head) throw unresolvable('會辦單位未設定主管');
      return [head];
    }
    case 'role': {
      const holders = (await org.holdersOfRole(form.agencyId, approver.role)).filter((id) => id !== form.applicantId);
      if (holders.length === 0) throw unresolvable(`機關內沒有擔任此角色（${approver.role}）的人員`);
      return holders;
    }
    case 'agency-head': {
      const head = await org.agencyHead(form.agencyId);
      if (!head) throw unresolvable('機關未設定首長');
      return [head];
    }
    case 'person': {
      if (!(await org.isActive(approver.personId))) throw unresolvable('指定的人員不存在或已離職');
      return [approver.personId];
    }
  }
}

/**
 * The route of a form through a flow: steps whose condition does not hold are
 * skipped; a step that would fall to the applicant is skipped too, except the
 * final decision, which then goes up (agency head) — nobody approves their own form.
 */
export async function resolveRoute(
  flow: Flow,
  form: RoutedForm,
  org: Organisation,
  options: { deputyConsented?: boolean } = {},
): Promise<RouteStep[]> {
  const route: RouteStep[] = [];
  for (const [index, step] of flow.steps.entries()) {
    // The deputy consents in the leave service before a form reaches approval.
    if (options.deputyConsented && step.approver.kind === 'deputy') continue;
    if (!conditionHolds(step.when, form)) continue;
    const approverIds = (await approversOf(step.approver, form, org, step.label, index)).filter((id) => id !== form.applicantId);
    if (approverIds.length === 0) continue;
    route.push({ label: step.label, approver: step.approver, countersign: step.countersign, approverIds, final: false });
  }
  // The same people deciding twice (a unit head who is also the agency head) decide once, at the later step.
  const deduplicated = route.filter(
    (step, i) =>
      step.countersign || !route.slice(i + 1).some((later) => !later.countersign && sameSet(step.approverIds, later.approverIds)),
  );
  route.splice(0, route.length, ...deduplicated);
  const last = route.at(-1);
  if (!last || last.countersign || last.approver.kind === 'deputy') {
    throw new UnresolvableStepError(flow.name, '沒有可決行的步驟（最後一步須為主管或首長核定，不得為會辦或代理人）');
  }
  last.final = true;
  return route;
}

/**
 * Steps that name their approvers whoever applies (a named unit, a role, the
 * agency head, a named person): if one names nobody, every form that reaches
 * it is returned, so a flow with it is refused at save even before it serves anyone.
 */
export async function assertStepsNameSomeone(flow: Flow, org: Organisation): Promise<void> {
  for (const [index, step] of flow.steps.entries()) {
    if (step.approver.kind === 'deputy' || step.approver.kind === 'unit-head') continue;
    await approversOf(step.approver, { applicantId: '', agencyId: flow.agencyId, minutes: 0, dayMinutes: 480 }, org, step.label, index);
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));
