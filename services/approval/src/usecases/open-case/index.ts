import { z } from 'zod';
import { isDuplicateKeyError, outboxOnCreate, createEvent } from '@webitr/platform';
import { formDetailsSchema, formKindSchema } from '@webitr/contracts';
import type { ApprovalContext } from '../../context.ts';
import { PRODUCER } from '../../context.ts';
import { routeForm } from '../../domain/routing.ts';
import type { ApprovalCase, HistoryEntry } from '../../models/approval-case.ts';
import { configOf } from '../shared/flow-config.ts';
import { stepStartedEvent } from '../shared/decide.ts';
import { latestRound, supersede } from '../shared/rounds.ts';

/** A form came in for approval (or its cancellation did): what the leave service sent. */
export const command = z.object({
  formId: z.string().min(1),
  kind: formKindSchema,
  subject: z.enum(['request', 'cancellation']),
  submission: z.number().int().positive(),
  applicantId: z.string().min(1),
  agencyId: z.string().min(1),
  leaveType: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  minutes: z.number().int().nonnegative().optional(),
  deputyId: z.string().optional(),
  /** What the approvers read (the leave service's `details`); absent from events published before issue 12. */
  details: formDetailsSchema.optional(),
  /** The id of the event that asked: recorded on the case, so a redelivery opens nothing. */
  requestEventId: z.string().optional(),
});
export type Command = z.infer<typeof command>;

/**
 * Resolve the form's flow into a route and store it with the form (a
 * snapshot). The deputy has consented in the leave service before the form
 * gets here, so deputy steps are recorded as done. A form no flow can route
 * goes back to the applicant with the reason.
 *
 * Earlier rounds of the form stop being decidable on every delivery, before
 * anything else: a process that died after storing the new case (or before)
 * finishes the job when the request comes again.
 */
export async function execute(ctx: ApprovalContext, command: Command): Promise<'opened' | 'already-open' | 'returned' | 'superseded'> {
  const { requestEventId, ...form } = command;
  // A request for a round the applicant has modified since (delivered late): nothing to decide.
  if ((await supersede(ctx, form)).latest > form.submission) return 'superseded';
  const caseId = await caseIdFor(ctx, form, requestEventId);
  if (!caseId || (await ctx.cases.exists({ _id: caseId }))) return 'already-open';
  const result = await open(ctx, form, caseId, requestEventId);
  // A modification heard of while this case was being opened: its handler may have
  // looked for rounds to close before this one was stored, so close it here.
  const latest = form.subject === 'request' ? await latestRound(ctx, form.formId) : form.submission;
  if (latest <= form.submission) return result;
  await supersede(ctx, { ...form, submission: latest });
  return 'superseded';
}

async function open(
  ctx: ApprovalContext,
  command: Command,
  caseId: string,
  requestEventId: string | undefined,
): Promise<'opened' | 'already-open' | 'returned'> {
  const now = ctx.clock();
  const history: HistoryEntry[] = command.deputyId
    ? [{ at: now, step: -1, stepLabel: '職務代理人', actorId: command.deputyId, action: 'deputy-consented', result: '同意' }]
    : [];

  const applicant = await ctx.person(command.applicantId);
  const config = await configOf(ctx, command.agencyId);
  // The same function the save check asks (domain/routing.ts), so what was saved routes as it was checked.
  const outcome = await routeForm(
    config,
    command.agencyId,
    { id: applicant.id, name: applicant.name, unitId: applicant.unitId, jobCategory: applicant.jobCategory },
    { kind: command.kind, leaveType: command.leaveType, minutes: command.minutes ?? 0, deputyId: command.deputyId },
    ctx.org,
  );
  if (!outcome.ok) {
    ctx.logger.warn({ formId: command.formId, reason: outcome.message }, 'form cannot be routed; returned to the applicant');
    return returnUnroutable(ctx, caseId, command, history, outcome.message, requestEventId);
  }
  const { route, flowId } = outcome;

  // The leave service learns who is on the route from this (they, and their stand-ins, may read the form), in the same write as the case.
  const opened = createEvent(
    'approval.case.opened',
    {
      caseId,
      formId: command.formId,
      kind: command.kind,
      subject: command.subject,
      submission: command.submission,
      applicantId: command.applicantId,
      agencyId: command.agencyId,
      approverIds: [...new Set(route.flatMap((s) => s.approverIds))],
    },
    PRODUCER,
  );
  const created = await createCase(ctx, {
    ...newCase(caseId, command, requestEventId, now),
    flowId,
    route,
    currentApproverIds: route[0]!.approverIds,
    status: 'in-approval',
    history: [...history, { at: now, step: 0, stepLabel: route[0]!.label, actorId: command.applicantId, action: 'opened', result: '送出' }],
    // The first step's approvers are told it is their turn (the notification service).
    ...outboxOnCreate([opened, stepStartedEvent({ ...command, _id: caseId, route }, 0)]),
  });
  if (!created) return 'already-open';
  ctx.relay.kick();
  return 'opened';
}

/** A closed case that records why, and the `returned` decision the applicant will see. */
async function returnUnroutable(
  ctx: ApprovalContext,
  caseId: string,
  command: Command,
  history: HistoryEntry[],
  reason: string,
  requestEventId: string | undefined,
): Promise<'returned' | 'already-open'> {
  const now = ctx.clock();
  const event = createEvent(
    'approval.form.returned',
    { formId: command.formId, kind: command.kind, subject: command.subject, submission: command.submission, decidedBy: 'system', reason },
    PRODUCER,
  );
  const created = await createCase(ctx, {
    ...newCase(caseId, command, requestEventId, now),
    route: [],
    currentApproverIds: [],
    status: 'returned',
    history: [
      ...history,
      { at: now, step: 0, stepLabel: '批核流程', actorId: 'system', action: 'return', result: '退回', comment: reason },
    ],
    decidedAt: now,
    ...outboxOnCreate([event]),
  });
  if (!created) return 'already-open';
  ctx.relay.kick();
  return 'returned';
}

/** What every new case starts with: the form's facts, step 0, version 0. */
function newCase(caseId: string, command: Command, requestEventId: string | undefined, now: Date) {
  return {
    _id: caseId,
    ...command,
    ...(requestEventId ? { requestEventId } : {}),
    start: command.start ? new Date(command.start) : undefined,
    end: command.end ? new Date(command.end) : undefined,
    currentStep: 0,
    stepSince: now,
    version: 0,
    openedAt: now,
  };
}

/** Insert the case; false when it exists already (a redelivery raced this one). */
async function createCase(ctx: ApprovalContext, doc: Partial<ApprovalCase>): Promise<boolean> {
  try {
    await ctx.cases.create(doc);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * `<formId>:<subject>:<submission>`: a request has one case per submission (a
 * form modified after 退回 comes back as the next submission). A cancellation
 * (撤銷) does not: once one is refused the form is approved again, with the
 * same submission, and its applicant may ask again — the next cancellation is
 * `<formId>:cancellation:<submission>:<n>`. Undefined when there is nothing to
 * open: a cancellation of the form is still being decided, or this very
 * request (its event) opened one before.
 */
async function caseIdFor(ctx: ApprovalContext, command: Command, requestEventId: string | undefined): Promise<string | undefined> {
  const first = `${command.formId}:${command.subject}:${command.submission}`;
  if (command.subject === 'request') return first;
  const earlier = await ctx.cases
    .find({ formId: command.formId, subject: 'cancellation', submission: command.submission }, { status: 1, requestEventId: 1 })
    .lean();
  if (earlier.length === 0) return first;
  if (earlier.some((c) => c.status === 'in-approval' || (requestEventId !== undefined && c.requestEventId === requestEventId)))
    return undefined;
  return `${first}:${earlier.length + 1}`;
}
