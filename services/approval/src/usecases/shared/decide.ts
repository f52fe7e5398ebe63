import { ConflictError, NotFoundError, createEvent, writeWithVersion } from '@webitr/platform';
import type { UpdateQuery } from 'mongoose';
import type { DecisionResultView, EventEnvelope, PersonIdentity } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { PRODUCER } from '../../context.ts';
import { authorityFor, decide } from '../../domain/decision.ts';
import type { Action } from '../../domain/decision.ts';
import type { ApprovalCase, HistoryEntry } from '../../models/approval-case.ts';
import { deputiesOfAbsentApprovers } from './delegations.ts';

/** 同意/核准, 不同意 (reason required), 退回 (reason required), or a comment; `version`: the case version the approver's screen showed. */
export interface Decision {
  action: Action;
  comment?: string | undefined;
  version?: number | undefined;
}

/** What a decision answers (DecisionResultView in @webitr/contracts, which the web app reads). */
export type DecisionResult = DecisionResultView;

/**
 * Decide the current step once: the write is conditional on the version read,
 * so of two approvers clicking together (or one clicking twice) one wins and
 * the other gets 409 CASE_CHANGED. The decision and the event the leave
 * service waits for are one write (outbox). Used by decide-step and
 * batch-approve.
 */
export async function decideCurrentStep(
  ctx: ApprovalContext,
  actor: PersonIdentity,
  caseId: string,
  command: Decision,
): Promise<DecisionResult> {
  const current = await ctx.cases.findById(caseId).lean();
  if (!current) throw new NotFoundError({ code: 'CASE_NOT_FOUND', detail: '查無此批核案件' });
  if (command.version !== undefined && command.version !== current.version) {
    throw new ConflictError({ code: 'CASE_CHANGED', detail: '案件已有其他人處理，請重新整理後再試' });
  }
  const step = current.route[current.currentStep];
  const delegations = await deputiesOfAbsentApprovers(ctx, step?.approverIds ?? []);
  const { onBehalfOf } = authorityFor(current, { personId: actor.sub, delegations });
  const outcome = decide(current, command.action, command.comment);
  const now = ctx.clock();
  const entry: HistoryEntry = {
    at: now,
    step: current.currentStep,
    stepLabel: step!.label,
    actorId: actor.sub,
    ...(onBehalfOf ? { onBehalfOf } : {}),
    action: command.action,
    result: outcome.result,
    ...(command.comment ? { comment: command.comment } : {}),
    zone: actor.zone,
  };
  const events: EventEnvelope[] = outcome.decision ? [decisionEvent(current, outcome.decision, actor.sub, command.comment)] : [];
  // The next step's approvers are told it is their turn (the notification service), in the same write.
  if (outcome.status === 'in-approval' && outcome.currentStep !== current.currentStep) {
    events.push(stepStartedEvent(current, outcome.currentStep));
  }
  const update: UpdateQuery<ApprovalCase> = {
    $set: {
      status: outcome.status,
      currentStep: outcome.currentStep,
      currentApproverIds: outcome.currentApproverIds,
      ...(outcome.currentStep !== current.currentStep ? { stepSince: now } : {}),
      ...(outcome.decision ? { decidedAt: now } : {}),
    },
    $push: { history: entry },
  };
  // Conditional on the version read, with the event in the same write.
  const written = await writeWithVersion(ctx.cases, current, update, { events, kick: () => ctx.relay.kick() });
  if (!written) throw new ConflictError({ code: 'CASE_CHANGED', detail: '案件已有其他人處理，請重新整理後再試' });
  return { caseId, status: outcome.status, result: outcome.result, version: current.version + 1 };
}

/** `approval.step.started` for step `step` of a case. */
export function stepStartedEvent(
  c: Pick<ApprovalCase, '_id' | 'formId' | 'kind' | 'subject' | 'applicantId' | 'agencyId' | 'route'>,
  step: number,
) {
  const { label, approverIds } = c.route[step]!;
  return createEvent(
    'approval.step.started',
    {
      caseId: c._id,
      formId: c.formId,
      kind: c.kind,
      subject: c.subject,
      applicantId: c.applicantId,
      agencyId: c.agencyId,
      step,
      stepLabel: label,
      approverIds: [...approverIds],
    },
    PRODUCER,
  );
}

function decisionEvent(c: ApprovalCase, decision: 'approved' | 'rejected' | 'returned', decidedBy: string, comment: string | undefined) {
  const base = { formId: c.formId, kind: c.kind, subject: c.subject, submission: c.submission, decidedBy, ...(comment ? { comment } : {}) };
  switch (decision) {
    case 'approved':
      return createEvent('approval.form.approved', base, PRODUCER);
    case 'rejected':
      return createEvent('approval.form.rejected', { ...base, reason: comment ?? '' }, PRODUCER);
    case 'returned':
      return createEvent('approval.form.returned', { ...base, reason: comment ?? '' }, PRODUCER);
  }
}
