import type { FormKind } from '@webitr/contracts';
import { categoryGroupFor, flowGroupFor } from './flow.ts';
import type { CategoryGroup, Flow, FlowGroup } from './flow.ts';
import { resolveRoute, UnresolvableStepError } from './route.ts';
import type { Member, Organisation, RouteStep } from './route.ts';

/**
 * Routing as one function. A form coming in for approval (open-case) and a
 * change of an agency's configuration checked at save (save-flow, save-groups)
 * both call `routeForm`: the save check asks it, for every person of the
 * agency, what the run time would answer, so the two cannot disagree.
 */

/** An agency's approval configuration: its flow groups, category groups and flows. */
export interface RoutingConfig {
  groups: readonly FlowGroup[];
  categories: readonly CategoryGroup[];
  flows: readonly (Flow & { _id: string })[];
}

/** What routing looks at on a form. */
export interface FormToRoute {
  kind: FormKind;
  leaveType?: string | undefined;
  minutes: number;
  deputyId?: string | undefined;
}

export type RouteOutcome =
  | { ok: true; flowId: string; route: RouteStep[] }
  | {
      ok: false;
      /** The flow that could not route it, if one applies. */
      flowId?: string;
      /** The step as its label reads (「單位主管」), or 「批核流程」 when no flow applies or none can decide. */
      step: string;
      /** The step's place in its flow (absent when the flow as a whole is at fault). */
      stepIndex?: number;
      reason: string;
      /** `步驟「單位主管」找不到單位主管（申請人未隸屬任何單位）`, as the applicant is told. */
      message: string;
    };

/** Working minutes in a day of the applicant's schedule, as conditions in days count them. */
export const DAY_MINUTES = 480;

/**
 * The route of one form of one person: the flow their flow group and the
 * form's category group select, resolved for them (the deputy has consented
 * in the leave service already). Never throws for an unroutable form: says who
 * could not be reached at which step, and why.
 */
export async function routeForm(
  config: RoutingConfig,
  agencyId: string,
  applicant: Member,
  form: FormToRoute,
  org: Organisation,
): Promise<RouteOutcome> {
  const group = flowGroupFor(config.groups, { personId: applicant.id, unitId: applicant.unitId, jobCategory: applicant.jobCategory });
  const category = categoryGroupFor(config.categories, form);
  const flow = group && category ? config.flows.find((f) => f.flowGroupId === group.id && f.categoryGroupId === category.id) : undefined;
  if (!flow) {
    const reason = '找不到適用的批核流程，請洽機關差勤管理者設定';
    return { ok: false, step: '批核流程', reason, message: `步驟「批核流程」${reason}` };
  }
  try {
    const route = await resolveRoute(
      flow,
      {
        applicantId: applicant.id,
        ...(applicant.unitId ? { unitId: applicant.unitId } : {}),
        agencyId,
        deputyId: form.deputyId,
        minutes: form.minutes,
        dayMinutes: DAY_MINUTES,
      },
      org,
      { deputyConsented: true },
    );
    return { ok: true, flowId: flow._id, route };
  } catch (error) {
    if (!(error instanceof UnresolvableStepError)) throw error;
    return {
      ok: false,
      flowId: flow._id,
      step: error.step,
      ...(error.stepIndex !== undefined ? { stepIndex: error.stepIndex } : {}),
      reason: error.reason,
      message: error.message,
    };
  }
}

/** One person the run time would not route, for one kind of form. */
export interface Unroutable {
  personId: string;
  personName?: string;
  flowId?: string;
  step: string;
  stepIndex?: number;
  reason: string;
  /** The form the run time was asked about: its kind, leave type and length. */
  form: { kind: FormKind; leaveType?: string; minutes: number };
  /** Whether the configuration in force routes this person's form today (then the change is what breaks it). */
  routedBefore: boolean;
}

/**
 * The forms worth asking about for a flow: each kind (and leave type) its
 * category group covers, at every length where one of its conditions changes
 * its answer (a condition's value and just above it), and short and long.
 */
function probesOf(config: RoutingConfig, flow: Flow): FormToRoute[] {
  const category = config.categories.find((c) => c.id === flow.categoryGroupId);
  if (!category) return [];
  const lengths = new Set([1, 60, 60 * DAY_MINUTES]);
  for (const step of flow.steps) {
    if (!step.when) continue;
    const at = Math.round(step.when.value * (step.when.measure === 'days' ? DAY_MINUTES : 60));
    lengths.add(at);
    lengths.add(at + 1);
    if (at > 0) lengths.add(at - 1);
  }
  const leaveTypes = category.leaveTypes.length > 0 ? category.leaveTypes : [undefined];
  return category.formKinds.flatMap((kind) =>
    leaveTypes.flatMap((leaveType) => [...lengths].map((minutes) => ({ kind, ...(leaveType ? { leaveType } : {}), minutes }))),
  );
}

/**
 * What a configuration change does to routing: every person of the agency,
 * with every form their flows (before and after the change) are for, asked of
 * `routeForm` under both configurations. Returns the people the changed
 * configuration would not route (once per person: their first failure), each
 * saying whether the configuration in force routes them today.
 */
export async function routingAfterChange(
  agencyId: string,
  before: RoutingConfig,
  after: RoutingConfig,
  members: readonly Member[],
  org: Organisation,
): Promise<Unroutable[]> {
  const probes = new Map<string, FormToRoute>();
  for (const config of [before, after]) {
    for (const flow of config.flows) {
      for (const probe of probesOf(config, flow)) probes.set(`${probe.kind}|${probe.leaveType ?? ''}|${probe.minutes}`, probe);
    }
  }
  const unroutable: Unroutable[] = [];
  for (const member of members) {
    let found: Unroutable | undefined;
    for (const probe of probes.values()) {
      const outcome = await routeForm(after, agencyId, member, probe, org);
      if (outcome.ok) continue;
      const previously = await routeForm(before, agencyId, member, probe, org);
      // A form no flow was meant for, before or after, is nothing the change did.
      if (!previously.ok && outcome.flowId === undefined) continue;
      // One line per person: what the change breaks if anything, else the first gap found.
      if (found && (found.routedBefore || !previously.ok)) continue;
      found = {
        personId: member.id,
        ...(member.name ? { personName: member.name } : {}),
        ...(outcome.flowId ? { flowId: outcome.flowId } : {}),
        step: outcome.step,
        ...(outcome.stepIndex !== undefined ? { stepIndex: outcome.stepIndex } : {}),
        reason: outcome.reason,
        form: { kind: probe.kind, ...(probe.leaveType ? { leaveType: probe.leaveType } : {}), minutes: probe.minutes },
        routedBefore: previously.ok,
      };
    }
    if (found) unroutable.push(found);
  }
  return unroutable;
}
