import type { FieldError } from '@webitr/contracts';
import { InputError, NotFoundError } from '@webitr/platform';
import { invalid, statusOf } from '../../domain/errors.ts';
import type { PersonProfile } from '../../domain/people.ts';
import * as publish from '../../messaging/publishers.ts';
import type { FormDoc } from '../../models/form.ts';
import { settleForm } from './balances.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { loadForm, writeForm } from './forms.ts';

/** The field a form's applicants are named by (多人: `applicantIds`, 1–50). */
export const APPLICANTS_FIELD = 'body.applicantIds';

/** The applicant's profile; an unknown id is a 400 on `body.applicantIds`, not a 404 of the route. */
export async function loadApplicant(ctx: LeaveContext, applicantId: string): Promise<PersonProfile> {
  return ctx.people.get(applicantId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw invalid('APPLICANT_UNKNOWN', APPLICANTS_FIELD, '申請人', `查無人員 ${applicantId}`);
    throw error;
  });
}

/** How one kind of form is filed for one applicant. */
export interface ApplicantFiling<P> {
  /**
   * Everything that can be checked without holding anything, with every rule
   * that can refuse the applicant. A RuleError/InputError here is the
   * applicant's refusal; anything else (403, 503…) ends the whole filing as is.
   */
  prepare(applicantId: string): Promise<P>;
  /** Under the applicant's lock: check again and write the form with its events. */
  file(prepared: P): Promise<FormDoc>;
}

/**
 * Single or 多人 filing, all or nothing: one form per applicant with the same
 * facts (default applicant: the actor).
 *
 * 1. Every applicant is prepared (checked) first; if any is refused, nothing
 *    is written for anyone, and the answer names each refused applicant by the
 *    index they were given at (`body.applicantIds.<i>`) with the rule's code
 *    and message — 409 if any refusal is a conflict, else 400.
 * 2. Then the forms are filed one by one. If one is refused after all (another
 *    request got in between the check and its lock), the forms already filed
 *    are withdrawn (their events say so) and the refusal names that applicant.
 *
 * With one applicant the rule's own error is the answer (its field is the
 * field of the command that broke it).
 */
export function fileForApplicants<P>(
  ctx: LeaveContext,
  actor: Actor,
  applicantIds: readonly string[] | undefined,
  filing: ApplicantFiling<P>,
): Promise<FormDoc[]> {
  // One turn of the filing gate for the whole filing, or 503 LEAVE_BUSY at once.
  return ctx.filings.run(() => fileAll(ctx, actor, applicantIds, filing));
}

async function fileAll<P>(
  ctx: LeaveContext,
  actor: Actor,
  applicantIds: readonly string[] | undefined,
  filing: ApplicantFiling<P>,
): Promise<FormDoc[]> {
  const applicants = distinct(applicantIds ?? [actor.sub]);
  if (applicants.length === 1) return [await filing.file(await filing.prepare(applicants[0]!.id))];

  const prepared: { applicant: Applicant; value: P }[] = [];
  const refusals: InputError[] = [];
  const fields: FieldError[] = [];
  for (const applicant of applicants) {
    try {
      prepared.push({ applicant, value: await filing.prepare(applicant.id) });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      refusals.push(error);
      fields.push(...attributed(error, await named(ctx, actor, applicant)));
    }
  }
  if (fields.length) throw refused(refusals.some((e) => statusOf(e) === 409) ? 409 : 400, fields);

  const created: FormDoc[] = [];
  for (const { applicant, value } of prepared) {
    try {
      created.push(await filing.file(value));
    } catch (error) {
      for (const form of created) await withdrawQuietly(ctx, actor, form);
      if (!isRefusal(error)) throw error;
      throw refused(statusOf(error) === 409 ? 409 : 400, attributed(error, await named(ctx, actor, applicant)));
    }
  }
  return created;
}

interface Applicant {
  id: string;
  /** Where the request named them first. */
  index: number;
  /** As users know them, for the answer to a refusal. */
  name?: string;
}

/** The applicant with their name if the directory knows them and they are of the actor's agency (anyone else stays an id). */
async function named(ctx: LeaveContext, actor: Actor, applicant: Applicant): Promise<Applicant> {
  const person = await ctx.people.get(applicant.id).catch(() => undefined);
  return person?.agencyId === actor.agencyId ? { ...applicant, name: person.name } : applicant;
}

function distinct(ids: readonly string[]): Applicant[] {
  const seen = new Map<string, Applicant>();
  for (const [index, id] of ids.entries()) if (!seen.has(id)) seen.set(id, { id, index });
  return [...seen.values()];
}

/** A rule refused the applicant (RuleError is an InputError that may answer 409). */
const isRefusal = (error: unknown): error is InputError => error instanceof InputError;

/** The applicant's refusal, each field error moved onto `body.applicantIds.<i>`; the rule keeps its code and its field's label. */
function attributed(error: InputError, applicant: Applicant): FieldError[] {
  const fields = error.fields.length ? error.fields : [{ field: APPLICANTS_FIELD, code: error.code, message: error.detail ?? error.code }];
  return fields.map((f) => ({
    ...f,
    field: `${APPLICANTS_FIELD}.${applicant.index}`,
    label: `申請人 ${applicant.name ?? applicant.id}`,
    message: `${f.label ?? f.field}：${f.message}`,
  }));
}

function refused(status: 400 | 409, fields: FieldError[]): InputError {
  const error = new InputError({
    code: 'MULTI_APPLICANT_FAILED',
    title: status === 409 ? '申請內容與現有資料衝突' : '輸入資料有誤',
    detail: fields.map((f) => `${f.label}：${f.message}`).join('；'),
    fields,
  });
  if (status === 409) Object.defineProperty(error, 'status', { value: 409 });
  return error;
}

/** Undo one form of a 多人 filing that did not complete: withdrawn (with its event), its charges released. */
async function withdrawQuietly(ctx: LeaveContext, actor: Actor, form: FormDoc): Promise<void> {
  try {
    const current = await loadForm(ctx, form._id);
    await writeForm(ctx, {
      from: current,
      set: { status: 'withdrawn' },
      history: { action: 'withdraw', actorId: actor.sub, note: '多人申請未全部成功，自動撤回' },
      events: [publish.withdrawn(current)],
    });
    await settleForm(ctx, current, 'release');
  } catch (error) {
    ctx.logger.error({ err: error, formId: form._id }, 'could not roll back a multi-person filing');
  }
}
