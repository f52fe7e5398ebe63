import { z } from 'zod';
import { agencySettingsSchema } from '@webitr/contracts';
import { DAY_MINUTES, LEAVE_TYPE_CODES, RULE_SETS } from './rules/index.ts';
import type { LeaveTypeCode, LeaveTypeRule, RuleSetId } from './rules/index.ts';

/**
 * An agency's policy: its adjustments of the rule sets' leave types and its
 * local settings (overtime caps, comp-time validity, forgotten-punch limits,
 * attachments). Attendance managers change it; every change is a revision
 * with who, when and why (see models/agency-policy.ts).
 */
export const leaveTypeOverrideSchema = z
  .object({
    enabled: z.boolean().optional(),
    quotaDays: z.number().min(0).max(366).optional().meta({ title: '核給日數' }),
    quotaTimes: z.number().int().min(0).max(366).optional().meta({ title: '核給次數' }),
    minimumMinutes: z.number().int().min(0).max(DAY_MINUTES).optional().meta({ title: '最小請假單位(分鐘)' }),
    locationRequired: z.boolean().optional(),
    attachmentFromDays: z.number().min(0).max(366).optional().meta({ title: '應附證明之日數' }),
  })
  .strict();
export type LeaveTypeOverride = z.infer<typeof leaveTypeOverrideSchema>;

// The settings' schema is the contracts' (the web app's 機關規則參數 form validates with it too).
export { agencySettingsSchema };
export type AgencySettings = z.infer<typeof agencySettingsSchema>;

/**
 * Defaults: caps 12 h a day and 60 h a month, comp time within 2 years (DOMAIN.md); forgotten punches 3 a month, 12 a year (one school's setting); attachments 10 MB in total (seed 002);
 * leave may start at most 30 days before today (the seeds set no limit; a month covers a sickness reported on return and the month's attendance check).
 */
export const DEFAULT_BACKDATING_DAYS = 30;
export const DEFAULT_SETTINGS: AgencySettings = {
  overtime: { dailyCapMinutes: 12 * 60, monthlyCapMinutes: 60 * 60, compTimeValidityMonths: 24, requirePrior: true },
  forgottenPunch: { monthlyLimit: 3, yearlyLimit: 12 },
  attachments: { maxTotalBytes: 10 * 1024 * 1024 },
  filing: { backdatingDays: DEFAULT_BACKDATING_DAYS },
};

export const backdatingDaysOf = (settings: AgencySettings): number => settings.filing?.backdatingDays ?? DEFAULT_BACKDATING_DAYS;

export type RuleOverrides = Partial<Record<RuleSetId, Partial<Record<LeaveTypeCode, LeaveTypeOverride>>>>;

export const ruleOverridesSchema = z
  .object({
    'civil-servant': z.partialRecord(z.enum(LEAVE_TYPE_CODES), leaveTypeOverrideSchema).optional(),
    teacher: z.partialRecord(z.enum(LEAVE_TYPE_CODES), leaveTypeOverrideSchema).optional(),
    'teacher-admin': z.partialRecord(z.enum(LEAVE_TYPE_CODES), leaveTypeOverrideSchema).optional(),
  })
  .strict();

export interface AgencyPolicy {
  agencyId: string;
  version: number;
  overrides: RuleOverrides;
  settings: AgencySettings;
}

export const defaultPolicy = (agencyId: string): AgencyPolicy => ({ agencyId, version: 0, overrides: {}, settings: DEFAULT_SETTINGS });

/** A rule with an agency's override applied; `overridden` lists what the agency changed. */
export interface EffectiveRule extends LeaveTypeRule {
  ruleSet: RuleSetId;
  ruleSetVersion: string;
  overridden: (keyof LeaveTypeOverride)[];
}

export function applyOverride(rule: LeaveTypeRule, override: LeaveTypeOverride | undefined): LeaveTypeRule {
  if (!override) return rule;
  let next: LeaveTypeRule = { ...rule };
  if (override.enabled !== undefined) next.enabled = override.enabled;
  if (override.quotaDays !== undefined && rule.quota.kind === 'days') next.quota = { kind: 'days', days: override.quotaDays };
  if (override.quotaDays !== undefined && rule.quota.kind === 'per-event' && rule.quota.days !== undefined)
    next.quota = { ...rule.quota, days: override.quotaDays };
  if (override.quotaTimes !== undefined && rule.quota.kind === 'times') next.quota = { kind: 'times', times: override.quotaTimes };
  if (override.minimumMinutes !== undefined) next.minimumMinutes = override.minimumMinutes;
  if (override.locationRequired !== undefined) next.locationRequired = override.locationRequired;
  if (override.attachmentFromDays !== undefined) {
    next = {
      ...next,
      attachmentRequired: override.attachmentFromDays === 0 ? { always: true } : { fromDays: override.attachmentFromDays },
    };
  }
  return next;
}

/** An override the regulation does not allow (enabling a type it gives none of): where it is and why, in zh-TW. */
export interface RefusedOverride {
  ruleSet: RuleSetId;
  code: LeaveTypeCode;
  /** The path of the field in the policy command, e.g. `body.overrides.teacher.annual.enabled`. */
  field: string;
  label: string;
  message: string;
}

/**
 * Overrides that enable a type the regulation gives none of under that rule
 * set (教師 休假: 教師請假規則 gives full-time teachers no 休假). Saving a policy
 * with one is refused; one stored before this rule is ignored (`honouredOverrides`).
 */
export function refusedOverrides(overrides: RuleOverrides): RefusedOverride[] {
  const refused: RefusedOverride[] = [];
  for (const set of Object.values(RULE_SETS)) {
    for (const rule of set.types) {
      if (!rule.regulationGivesNone || overrides[set.id]?.[rule.code]?.enabled !== true) continue;
      const admin = Object.values(RULE_SETS).find((s) => s.extends === set.id && s.replaces?.includes(rule.code));
      refused.push({
        ruleSet: set.id,
        code: rule.code,
        field: `body.overrides.${set.id}.${rule.code}.enabled`,
        label: `假別調整 ${set.name}「${rule.name}」開放申請 (overrides.${set.id}.${rule.code}.enabled)`,
        message:
          `${set.name}不給此假別，機關不得開放` +
          (admin ? `；${admin.name}之${rule.name}另依其規則給予，如需調整請改設 overrides.${admin.id}.${rule.code}` : ''),
      });
    }
  }
  return refused;
}

/** The overrides without the refused ones: what an agency's policy is applied with. */
export function honouredOverrides(overrides: RuleOverrides): RuleOverrides {
  const refused = refusedOverrides(overrides);
  if (refused.length === 0) return overrides;
  const next: RuleOverrides = { ...overrides };
  for (const { ruleSet, code } of refused) {
    const { enabled: _enabled, ...rest } = next[ruleSet]![code]!;
    const types = { ...next[ruleSet] };
    if (Object.keys(rest).length > 0) types[code] = rest;
    else delete types[code];
    next[ruleSet] = types;
  }
  return next;
}

/**
 * The leave types of a rule set as an agency has them. A rule set that extends
 * another (teachers with a post extend teachers) takes the agency's overrides
 * of that one first, then its own, type by type — except for the types it
 * replaces (休假 of teachers with a post), which take only its own. Overrides
 * the regulation does not allow (`refusedOverrides`) are not applied.
 */
export function effectiveRules(ruleSet: RuleSetId, policy: AgencyPolicy): EffectiveRule[] {
  const set = RULE_SETS[ruleSet];
  const all = honouredOverrides(policy.overrides);
  const inherited: Partial<Record<LeaveTypeCode, LeaveTypeOverride>> = set.extends ? { ...all[set.extends] } : {};
  for (const code of set.replaces ?? []) delete inherited[code];
  const own = all[ruleSet] ?? {};
  const overrides: Partial<Record<LeaveTypeCode, LeaveTypeOverride>> = { ...inherited };
  for (const [code, override] of Object.entries(own) as [LeaveTypeCode, LeaveTypeOverride][])
    overrides[code] = { ...inherited[code], ...override };
  return set.types.map((rule) => {
    const override = overrides[rule.code];
    return {
      ...applyOverride(rule, override),
      ruleSet,
      ruleSetVersion: set.version,
      overridden: override ? (Object.keys(override) as (keyof LeaveTypeOverride)[]) : [],
    };
  });
}

export function effectiveRule(ruleSet: RuleSetId, policy: AgencyPolicy, code: LeaveTypeCode): EffectiveRule | undefined {
  return effectiveRules(ruleSet, policy).find((r) => r.code === code);
}
