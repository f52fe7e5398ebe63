import { taipeiLocal } from '@webitr/work-calendar';
import { allocationFor } from '../../domain/allocation.ts';
import { balanceLabel, chargeKey, emptyBalance, release, remainingOf, reserve } from '../../domain/balance.ts';
import { assertCan } from '../../domain/form.ts';
import { RuleError } from '../../domain/errors.ts';
import type { BalanceState } from '../../domain/balance.ts';
import { periodLabel, periodWord } from '../../domain/periods.ts';
import { effectiveRule } from '../../domain/policy.ts';
import { balanceId } from '../../models/balance.ts';
import type { BalanceDoc } from '../../models/balance.ts';
import { leaveQuoteCommand } from '@webitr/contracts';
import type { LeaveQuoteCommand, LeaveQuoteView, RoutePreview } from '@webitr/contracts';
import { prepareLeave } from '../shared/leave-filing.ts';
import type { Actor, LeaveContext } from '../../context.ts';
import { chooseDeputy } from '../shared/deputies.ts';
import { assertApplicant, assertCanSee } from '../shared/access.ts';
import { assertNoOverlap, loadForm, overlappingAbsences } from '../shared/forms.ts';

/**
 * A draft as the form screen has it while a person types: the filing body,
 * with 事由 not yet needed and one applicant (`applicantId`, default: me).
 */
export const command = leaveQuoteCommand;

/**
 * 試算: what filing the draft would do, computed by the same checks as filing
 * (the same field errors come back) and written nowhere — no balance is
 * created or reserved, no form, no event: the counted days and hours, each
 * balance before and after, whether the deputy can act (a deputy with an
 * unfinished leave in the interval cannot), and the route the approval service
 * would give the form (`unavailable` when it cannot be asked just now).
 */
export async function execute(ctx: LeaveContext, actor: Actor, command: LeaveQuoteCommand): Promise<LeaveQuoteView> {
  const { applicantId: asked = actor.sub, formId, ...draft } = command;
  // 修改: quoted as modifying would check it — the form's applicant, its own interval and reservation set aside.
  const modified = formId ? await modifiableForm(ctx, actor, formId) : undefined;
  const applicantId = modified?.applicantId ?? asked;
  const filing = { ...draft, reason: draft.reason ?? '試算' };
  const { person, policy, rule, evaluation } = await prepareLeave(ctx, actor, filing, applicantId, modified);
  if (!rule.declaration) assertNoOverlap(await overlappingAbsences(ctx, person.id, filing.start, filing.end, modified?._id));

  const on = taipeiLocal(filing.start).date;
  const balances = [];
  for (const charge of evaluation.charges) {
    const existing = await ctx.models.balances.findById(balanceId(person.id, charge.ledger, charge.period)).lean<BalanceDoc>();
    // A balance not yet allocated is what the allocation would give, computed, not created.
    const held: BalanceState = existing ?? allocated(person, policy, charge.ledger, charge.period);
    const state = modified ? release(held, chargeKey(modified._id, modified.submission)) : held;
    const after = reserve(state, {
      formId: '(quote)',
      amount: charge.amount,
      at: ctx.clock(),
      on,
      label: rule.name,
      ...(charge.sub ? { sub: charge.sub } : {}),
    });
    const before = remainingOf(state, on);
    const remaining = remainingOf(after, on);
    const ledgerRule = effectiveRule(person.ruleSet!, policy, charge.ledger);
    balances.push({
      ledger: charge.ledger,
      period: charge.period,
      periodLabel: periodLabel(charge.period),
      unit: state.unit,
      before,
      charged: before - remaining,
      after: remaining,
      label: balanceLabel(ledgerRule?.name ?? rule.name, state.unit, remaining, ledgerRule ? periodWord(ledgerRule.period) : ''),
    });
  }

  let deputy: { personId: string; name: string; available: boolean; reason?: string } | undefined;
  if (rule.needsDeputy) {
    try {
      const chosen = await chooseDeputy(ctx, person.id, filing.start, filing.end, filing.deputyId);
      deputy = { personId: chosen.personId, name: chosen.name, available: true };
    } catch (error) {
      // The deputy's own leave is the one refusal the quote reports rather than throws: the screen shows it beside the name.
      if (!(error instanceof RuleError) || error.code !== 'DEPUTY_ON_LEAVE' || !filing.deputyId) throw error;
      const entry = (await ctx.models.deputyLists.findById(person.id).lean())?.deputies.find((d) => d.personId === filing.deputyId);
      deputy = {
        personId: filing.deputyId,
        name: entry?.name ?? filing.deputyId,
        available: false,
        reason: error.fields[0]?.message ?? error.detail ?? '',
      };
    }
  }

  let route: RoutePreview | { status: 'unavailable'; reason: string };
  try {
    if (!ctx.approval) throw new Error('no approval service configured');
    route = await ctx.approval.previewRoute({
      body: {
        applicantId: person.id,
        agencyId: person.agencyId,
        kind: filing.leaveType === 'comp-time' ? 'comp-time' : 'leave',
        leaveType: rule.code,
        minutes: evaluation.minutes,
        ...(deputy ? { deputyId: deputy.personId } : {}),
      },
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'route preview unavailable; the quote goes without it');
    route = { status: 'unavailable', reason: '暫時無法取得批核流程，送出後仍會依流程批核' };
  }

  return {
    applicantId: person.id,
    leaveType: rule.code,
    leaveTypeName: rule.name,
    minutes: evaluation.minutes,
    duration: evaluation.duration,
    days: evaluation.days,
    balances,
    ...(deputy ? { deputy } : {}),
    route,
  };
}

async function modifiableForm(ctx: LeaveContext, actor: Actor, formId: string) {
  const form = await loadForm(ctx, formId);
  assertCanSee(actor, form);
  assertApplicant(actor, form);
  assertCan('modify', form.status);
  return form;
}

function allocated(
  person: Parameters<typeof allocationFor>[1],
  policy: Parameters<typeof effectiveRule>[1],
  ledger: Parameters<typeof effectiveRule>[2],
  period: string,
): BalanceState {
  const rule = effectiveRule(person.ruleSet ?? 'civil-servant', policy, ledger);
  if (!rule) return emptyBalance('minutes');
  const allocation = allocationFor(rule, person, period);
  return { ...emptyBalance(allocation.unit), granted: allocation.amount, ...(allocation.grants ? { grants: [] } : {}) };
}
