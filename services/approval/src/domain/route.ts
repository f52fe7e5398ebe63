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
  membersOf(agencyId: string): Promise<{ id: string; unitId?: string; jobCategory?: string }[]>;
}

export interface RoutedForm {
  applicantId: string;
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
  constructor(step: string, why: string) {
    super(`步驟「${step}」${why}`);
    this.step = step;
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

async function approversOf(approver: Approver, form: RoutedForm, org: Organisation, label: string): Promise<string[]> {
  switch (approver.kind) {
    case 'deputy':
      if (!form.deputyId) throw new UnresolvableStepError(label, '需要職務代理人，但表單未指定代理人');
      return [form.deputyId];
    case 'unit-head': {
      // The chain never holds the applicant: a head's form goes to the next head up.
      const head = (await org.supervisorChain(form.applicantId))[approver.levelsUp];
      if (!head) throw new UnresolvableStepError(label, '找不到單位主管');
      return [head];
    }
    case 'unit': {
      const head = await org.unitHead(approver.unitId);
      if (!head) throw new UnresolvableStepError(label, '會辦單位未設定主管');
      return [head];
    }
    case 'role': {
      const holders = (await org.holdersOfRole(form.agencyId, approver.role)).filter((id) => id !== form.applicantId);
      if (holders.length === 0) throw new UnresolvableStepError(label, `機關內沒有擔任此角色（${approver.role}）的人員`);
      return holders;
    }
    case 'agency-head': {
      const head = await org.agencyHead(form.agencyId);
      if (!head) throw new UnresolvableStepError(label, '機關未設定首長');
      return [head];
    }
    case 'person': {
      if (!(await org.isActive(approver.personId))) throw new UnresolvableStepError(label, '指定的人員不存在或已離職');
      return [approver.personId];
    }
  }
}

/**
 * The route of a form through a flow: steps whose condition does not hold are
 * skipped; a step that would fall to the applicant is skipped too, except the
 * final decision, which then goes up (agency head) — nobody approves their own form.
 */
export async function resolveRoute(flow: Flow, form: RoutedForm, org: Organisation): Promise<RouteStep[]> {
  const route: RouteStep[] = [];
  for (const step of flow.steps.filter((s) => conditionHolds(s.when, form))) {
    const approverIds = (await approversOf(step.approver, form, org, step.label)).filter((id) => id !== form.applicantId);
    if (approverIds.length === 0) continue;
    route.push({ label: step.label, approver: step.approver, countersign: step.countersign, approverIds, final: false });
  }
  // The same people deciding twice (a unit head who is also the agency head) decide once, at the later step.
  const deduplicated = route.filter(
    (step, i) => step.countersign || !route.slice(i + 1).some((later) => !later.countersign && sameSet(step.approverIds, later.approverIds)),
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
 * Refuse at save a flow that could resolve to nobody: resolve it for every
 * applicant it may serve (one ordinary member per unit is enough), with the
 * form both short and long so every conditional step is tried.
 */
export async function assertFlowResolvable(flow: Flow, applicantIds: readonly string[], org: Organisation): Promise<void> {
  const dayMinutes = 480;
  // Steps that name their approvers whoever applies are checked even when the flow serves nobody yet.
  for (const step of flow.steps.filter((s) => s.approver.kind !== 'deputy' && s.approver.kind !== 'unit-head')) {
    await approversOf(step.approver, { applicantId: '', agencyId: flow.agencyId, minutes: 0, dayMinutes }, org, step.label);
  }
  for (const applicantId of applicantIds) {
    for (const minutes of [60, 60 * dayMinutes]) {
      await resolveRoute(flow, { applicantId, agencyId: flow.agencyId, deputyId: '(deputy)', minutes, dayMinutes }, org);
    }
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));
